// case submit's help and completion over a huge catalog (issue 25 §7: 100 types of 200 fields took
// 24 s of CPU for `case submit --help`): the work grows with the catalog's fields, not their square.
// Counted, not timed: reads of a field's key (describing a field looked through every type's fields)
// and commander's option comparisons (its addOption looks through every option declared before).
// bench/submit-help.mjs times the same against the bundled catalog.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Option } from 'commander';
import { TreeCommand, type CommandSpec } from '../../src/cli/command-tree.js';
import { submit } from '../../src/commands/case/submit/index.js';
import { portalFieldOptions } from '../../src/commands/case/submit/field-flags.js';
import { candidates } from '../../src/commands/completion/complete/run.js';
import { catalog as bundled, flagName, type Catalog, type FieldDef } from '../../src/domain/catalog/index.js';
import type { LoadedCatalog } from '../../src/commands/catalog/load.js';

let keyReads = 0;

/** `types` types of `fields` fields each, every field its own (a flag each), half of them shared by two types. */
function hugeCatalog(types: number, fields: number): Catalog {
  const field = (t: number, i: number): FieldDef => {
    const key = `field${i % 2 ? t : Math.floor(t / 2)}x${i}`;
    const f = { label: `Field ${i}`, kind: 'text', help: '', required: false } as Omit<FieldDef, 'key'>;
    return Object.defineProperty(f, 'key', { get: () => (keyReads++, key), enumerable: true }) as FieldDef;
  };
  return {
    ...bundled,
    catalogVersion: 'huge',
    types: Array.from({ length: types }, (_, t) => ({
      id: `type-${t}`,
      label: `Type ${t}`,
      description: '',
      examples: [],
      guidance: [],
      rules: [],
      fields: Array.from({ length: fields }, (_, i) => field(t, i)),
    })),
  };
}

function submitCommand(): TreeCommand {
  const runtime = { action: () => async () => undefined, withContext: async () => undefined as never };
  const root = new TreeCommand('ic-support', { name: 'ic-support', verbs: [] }, runtime);
  const cmd = root.addVerb(submit as CommandSpec);
  cmd.declareNow();
  return cmd;
}

/** The work of `case submit --help` and of completing `case submit --` over the catalog. */
function work(
  types: number,
  fields: number,
): { keyReads: number; comparisons: number; help: string; offered: string[] } {
  const cat = hugeCatalog(types, fields);
  const loaded: LoadedCatalog = { catalog: cat, portalUrl: 'https://portal.example', entry: undefined };
  let comparisons = 0;
  // commander's Option.is (untyped): what its _findOption calls for each option it looks through.
  const proto = Option.prototype as unknown as { is(arg: string): boolean };
  const is = vi.spyOn(proto, 'is').mockImplementation(function (this: Option, arg: string) {
    comparisons++;
    return this.short === arg || this.long === arg;
  });
  keyReads = 0;
  const cmd = submitCommand();
  const more = portalFieldOptions(cmd, loaded);
  const help = cmd.helpInformation();
  const offered = candidates(
    cmd.parent!,
    ['submit', '--field'],
    cat,
    () => [],
    (c) => (c === cmd ? more : []),
  );
  is.mockRestore();
  return { keyReads, comparisons, help, offered };
}

afterEach(() => vi.restoreAllMocks());

describe('case submit over a catalog of many types and fields', () => {
  it('help and completion list every field, with work linear in the number of fields', () => {
    const small = work(10, 40);
    const large = work(40, 40);
    // Every field is listed and offered.
    const every = (types: number) => [
      ...new Set(hugeCatalog(types, 40).types.flatMap((t) => t.fields.map((f) => flagName(f)))),
    ];
    expect(every(40)).toHaveLength(20 * 20 + 40 * 20);
    for (const flag of every(40)) {
      expect(large.help).toContain(`  ${flag} <value>`);
      expect(large.offered).toContain(flag);
    }
    // Four times the fields: about four times the work (the square would be sixteen).
    expect(large.keyReads / small.keyReads).toBeLessThan(6);
    expect(large.comparisons / Math.max(1, small.comparisons)).toBeLessThan(6);
  });
});
