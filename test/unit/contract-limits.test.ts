// A contract-valid answer is never refused (issue 25 §9): every limit the client enforces on the
// portal's answers is one schemas/portal-api.yaml states, read from the contract here (they cannot
// drift); integers stay within 2^53-1 there; and the answer-size cap the contract states holds the
// largest page of cases it allows, computed from its own maxLength and maxItems.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readAnswer } from '../../src/portal/parse-answer.js';
import { MAX_ERROR_BYTES, MAX_JSON_BYTES } from '../../src/portal/client.js';
import { MAX_HEADER_BYTES } from '../../src/portal/errors.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the contract as parsed YAML
const contract = parse(readFileSync(new URL('../../schemas/portal-api.yaml', import.meta.url), 'utf8'));
const schemas: Record<string, Schema> = contract.components.schemas;
const deref = (s: Schema): Schema => (s.$ref ? deref(schemas[s.$ref.split('/').pop()]!) : s);
/** A property of a schema (through $ref and allOf). */
const prop = (s: Schema, name: string): Schema => {
  const d = deref(s);
  const found = d.properties?.[name] ?? d.allOf?.map((p: Schema) => deref(p).properties?.[name]).find(Boolean);
  if (!found) throw new Error(`no property ${name}`);
  return deref(found);
};
const at = (name: string, ...path: string[]): Schema => {
  let s = schemas[name]!;
  for (const p of path) s = p === '[]' ? deref(deref(s).items) : prop(s, p);
  return deref(s);
};

/** The longest JSON text a schema allows: every string at maxLength, each character an escaped surrogate pair. */
function longest(s0: Schema): number {
  const s = deref(s0);
  if (s.allOf) {
    const merged = {
      type: 'object',
      properties: Object.assign({}, ...s.allOf.map((p: Schema) => deref(p).properties)),
    };
    return longest(merged);
  }
  if (s.oneOf) return Math.max(...s.oneOf.map(longest));
  const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
  const sizes = types.map((t) => {
    if (t === 'null') return 4;
    if (t === 'boolean') return 5;
    if (t === 'integer') return 16;
    if (t === 'string') {
      if (s.enum) return 2 + 6 * Math.max(...s.enum.map((e: string) => e.length));
      if (s.maxLength === undefined) throw new Error(`unbounded string: ${JSON.stringify(s)}`);
      return 2 + 12 * s.maxLength;
    }
    if (t === 'array') {
      if (s.maxItems === undefined) throw new Error('unbounded array');
      return 2 + s.maxItems * (longest(s.items) + 1);
    }
    if (t === 'object')
      return (
        2 +
        Object.entries(s.properties ?? {}).reduce((n, [k, v]) => n + 2 + 6 * k.length + 1 + longest(v as Schema) + 1, 0)
      );
    throw new Error(`no size for ${t}`);
  });
  return Math.max(...sizes);
}

/** The bundled catalog's first type, as the portal sends it, with `change` applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case reaches into a different part
function catalogWith(change: (c: any) => void): unknown {
  const field = { key: 'subject', label: 'Subject', kind: 'text', help: 'What it is about.', required: true };
  const c = {
    catalogVersion: 'limits-1',
    types: [
      {
        id: 'application-issue',
        label: 'Application Issue',
        description: 'd',
        examples: [],
        guidance: [],
        fields: [field],
        rules: [{ id: 'r', check: 'valueOnlyOnTypes', params: {}, message: 'm' }],
      },
    ],
  };
  change(c);
  return c;
}
const accepted = (c: unknown): boolean => readAnswer('portalCatalogSchema', c, { exact: true }) !== undefined;

// [what, the contract's limit, a catalog with n of it]
const LIMITS: [string, () => number, (n: number) => unknown][] = [
  [
    'types',
    () => at('Catalog', 'types').maxItems,
    (n) => catalogWith((c) => (c.types = Array.from({ length: n }, (_, i) => ({ ...c.types[0], id: `t${i}` })))),
  ],
  [
    'fields of a type',
    () => at('CatalogType', 'fields').maxItems,
    (n) =>
      catalogWith(
        (c) => (c.types[0].fields = Array.from({ length: n }, (_, i) => ({ ...c.types[0].fields[0], key: `f${i}` }))),
      ),
  ],
  [
    'rules of a type',
    () => at('CatalogType', 'rules').maxItems,
    (n) => catalogWith((c) => (c.types[0].rules = Array(n).fill(c.types[0].rules[0]))),
  ],
  [
    'examples of a type',
    () => at('CatalogType', 'examples').maxItems,
    (n) => catalogWith((c) => (c.types[0].examples = Array(n).fill('e'))),
  ],
  [
    'guidance of a type',
    () => at('CatalogType', 'guidance').maxItems,
    (n) => catalogWith((c) => (c.types[0].guidance = Array(n).fill('g'))),
  ],
  [
    'choices of a field',
    () => at('CatalogField', 'choices').maxItems,
    (n) => catalogWith((c) => (c.types[0].fields[0].choices = Array(n).fill('c'))),
  ],
  [
    'types of a rule',
    () => at('CatalogRule', 'types').maxItems,
    (n) => catalogWith((c) => (c.types[0].rules[0].types = Array(n).fill('t'))),
  ],
  ['a type id', () => at('CatalogType', 'id').maxLength, (n) => catalogWith((c) => (c.types[0].id = 'a'.repeat(n)))],
  [
    'a type label',
    () => at('CatalogType', 'label').maxLength,
    (n) => catalogWith((c) => (c.types[0].label = 'L'.repeat(n))),
  ],
  [
    'a type description',
    () => at('CatalogType', 'description').maxLength,
    (n) => catalogWith((c) => (c.types[0].description = 'D'.repeat(n))),
  ],
  [
    'an example',
    () => at('CatalogType', 'examples', '[]').maxLength,
    (n) => catalogWith((c) => (c.types[0].examples = ['E'.repeat(n)])),
  ],
  [
    'a field key',
    () => at('CatalogField', 'key').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].key = 'k'.repeat(n))),
  ],
  [
    'a field label',
    () => at('CatalogField', 'label').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].label = 'L'.repeat(n))),
  ],
  [
    'a field help',
    () => at('CatalogField', 'help').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].help = 'H'.repeat(n))),
  ],
  [
    'a field default',
    () => at('CatalogField', 'default').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].default = 'd'.repeat(n))),
  ],
  [
    'a choice',
    () => at('CatalogField', 'choices', '[]').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].choices = ['C'.repeat(n)])),
  ],
  [
    'a picklist name',
    () => at('CatalogField', 'picklist').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].picklist = 'p'.repeat(n))),
  ],
  [
    'a statement',
    () => at('CatalogField', 'statement').maxLength,
    (n) => catalogWith((c) => (c.types[0].fields[0].statement = 'S'.repeat(n))),
  ],
  [
    'a field maxItems',
    () => at('CatalogField', 'maxItems').maximum,
    (n) => catalogWith((c) => (c.types[0].fields[0].maxItems = n)),
  ],
  [
    'a field maxLength',
    () => at('CatalogField', 'maxLength').maximum,
    (n) => catalogWith((c) => (c.types[0].fields[0].maxLength = n)),
  ],
  [
    'a rule id',
    () => at('CatalogRule', 'id').maxLength,
    (n) => catalogWith((c) => (c.types[0].rules[0].id = 'r'.repeat(n))),
  ],
  [
    'a rule check',
    () => at('CatalogRule', 'check').maxLength,
    (n) => catalogWith((c) => (c.types[0].rules[0].check = 'c'.repeat(n))),
  ],
  [
    'a rule message',
    () => at('CatalogRule', 'message').maxLength,
    (n) => catalogWith((c) => (c.types[0].rules[0].message = 'M'.repeat(n))),
  ],
  [
    'a type a rule names',
    () => at('CatalogRule', 'types', '[]').maxLength,
    (n) => catalogWith((c) => (c.types[0].rules[0].types = ['t'.repeat(n)])),
  ],
  [
    'the attachment size limit',
    () => at('Catalog', 'limits', 'attachmentMaxBytes').maximum,
    (n) => catalogWith((c) => (c.limits = { attachmentMaxBytes: n })),
  ],
];

describe("the client's limits on answers are the contract's", () => {
  it.each(LIMITS)('%s: the contract limit is accepted, one past it is refused', (_what, limit, make) => {
    const n = limit();
    expect(n, 'the contract states this limit').toBeGreaterThan(0);
    expect(accepted(make(n))).toBe(true);
    // Integers past 2^53-1 cannot be written exactly: the next one a JSON reader can tell apart.
    expect(accepted(make(n === Number.MAX_SAFE_INTEGER ? n + 2 : n + 1))).toBe(false);
  });

  it('what the contract requires at least one of: an empty list is refused, as it says', () => {
    expect(at('Catalog', 'types').minItems).toBe(1);
    expect(at('CatalogType', 'fields').minItems).toBe(1);
    expect(accepted(catalogWith((c) => (c.types = [])))).toBe(false);
    expect(accepted(catalogWith((c) => (c.types[0].fields = [])))).toBe(false);
    // The id pattern: Application_Issue is outside it.
    expect(at('CatalogType', 'id').pattern).toBe('^[a-z][a-z0-9-]*$');
    expect(accepted(catalogWith((c) => (c.types[0].id = 'Application_Issue')))).toBe(false);
  });

  it('every integer of the contract is at most 2^53-1 (exact in every JSON reader)', () => {
    const loose: string[] = [];
    const walk = (s: unknown, where: string): void => {
      if (!s || typeof s !== 'object') return;
      const o = s as Schema;
      if (o.type === 'integer' && where.includes('components.schemas') && !(o.maximum <= Number.MAX_SAFE_INTEGER))
        loose.push(where);
      for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`);
    };
    walk(contract, '');
    expect(loose).toEqual([]);
    expect(contract.info.description).toContain('at most 2^53-1 (9007199254740991');
  });

  it('an attachment size or banner count past 2^53-1 is refused (exit 14), never shown rounded', () => {
    const attachment = (size: number) => ({
      attachments: [
        {
          id: 'a1',
          filename: 'x.bin',
          size,
          contentType: 'application/octet-stream',
          createdAt: '2026-12-01T00:00:00Z',
          createdBy: { id: 'p', name: 'P' },
        },
      ],
    });
    expect(readAnswer('attachmentsSchema', attachment(Number.MAX_SAFE_INTEGER))).toBeDefined();
    // 2^53 + 1 as the portal writes it: JSON.parse gives 2^53, which is not exact.
    expect(
      readAnswer(
        'attachmentsSchema',
        JSON.parse(JSON.stringify(attachment(1)).replace('"size":1', '"size":9007199254740993')),
      ),
    ).toBeUndefined();
    const banner = (n: number) => ({
      banner: { color: 'gray', text: 't', openIncidents: n, openMaintenance: 0 },
      notifications: [],
    });
    expect(readAnswer('notificationsSchema', banner(Number.MAX_SAFE_INTEGER))).toBeDefined();
    expect(readAnswer('notificationsSchema', banner(2 ** 53))).toBeUndefined();
  });

  it('the answer-size cap is stated in the contract and holds its largest page of cases', () => {
    const description: string = contract.info.description.replace(/\s+/g, ' ');
    expect(description).toContain(`at most 4 MiB (${MAX_JSON_BYTES.toLocaleString('en-US')} bytes)`);
    expect(MAX_JSON_BYTES).toBe(4 * 1024 * 1024);
    expect(description).toContain(`error answer at most ${MAX_ERROR_BYTES / 1024} KiB`);
    expect(description).toContain(`header section at most ${MAX_HEADER_BYTES / 1024} KiB`);
    const page = longest(schemas.CaseList!);
    // The contract says what this computes; the page fits, with room left for members a portal adds.
    expect(description).toContain(`is ${(page / 1e6).toFixed(1)} MB`);
    expect(page).toBeLessThan(MAX_JSON_BYTES * 0.6);
    expect(page).toBeGreaterThan(100 * 12 * at('CaseSummary', 'subject').maxLength);
  });
});
