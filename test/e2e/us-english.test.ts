/**
 * The guide is written in US English and so is every word ic-support shows (issue 26 §8): a list
 * of British spellings, searched in the sources (strings, comments and names: src/), the README,
 * the docs, the bundled catalog, and the help of every command as printed. A word of the guide's
 * own text ("greyed out", quoted in the sandbox's model case) is not on the list.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { declareAll } from '../../src/cli/command-tree.js';
import { baseEnv, ROOT, runCli, tempDir } from '../helpers/cli.js';

/** British spellings, each with its US form (the message names the fix). */
const BRITISH: [RegExp, string][] = [
  [/\b\w*colour\w*/gi, 'color'],
  [/\b\w*(honour|behaviour|favour|neighbour|labour)\w*/gi, 'honor, behavior, …'],
  [
    /\b\w*(recogni|normali|seriali|optimi|summari|saniti|authori|organi|initiali|customi|prioriti|categori|minimi|maximi|utili|reali|finali|standardi|apologi|synchroni|capitali|visuali|speciali)s(e|ed|es|ing|er|ers|ation|ations)\b/gi,
    '-ize, -ization',
  ],
  [/\b\w*(cancell|labell|modell|travell|signall|fuell|totall|channell)(ed|ing)\b/gi, 'canceled, labeled, …'],
  [/\b(centre|centres|licence|licences|catalogue|catalogues|defence|offence|programme|programmes)\b/gi, 'center, …'],
  [/\b(whilst|amongst|judgement|analyse|analysed|analyses|grey)\b/gi, 'while, among, judgment, analyze, gray'],
  [/\b(tick|ticks|ticked|ticking)\b/gi, 'check'],
];

function britishIn(text: string): string[] {
  const found: string[] = [];
  for (const [re, us] of BRITISH) for (const m of text.matchAll(re)) found.push(`${m[0]} (US: ${us})`);
  return found;
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every line of `files` holding a British spelling, as "path:line: word". */
function britishLines(files: string[]): string[] {
  const out: string[] = [];
  for (const f of files)
    readFileSync(join(ROOT, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const w of britishIn(line)) out.push(`${f}:${i + 1}: ${w}`);
      });
  return out;
}

describe('US English throughout (issue 26 §8)', () => {
  it('the word list finds what it is meant to find (so an empty result below means something)', () => {
    expect(
      britishIn('The colours are honoured; recognised, normalised, cancelled, labelled; the catalogue; tick them.').map(
        (w) => w.split(' ')[0],
      ),
    ).toEqual(['colours', 'honoured', 'recognised', 'normalised', 'cancelled', 'labelled', 'catalogue', 'tick']);
    expect(
      britishIn('color, honored, recognized, canceled, cancellation, behavior, analysis, realistic, check'),
    ).toEqual([]);
  });

  it('src/, the README, the docs and the catalog: no British spelling in strings, comments or names', () => {
    const files = [
      ...filesUnder('src', /\.ts$/),
      'README.md',
      ...filesUnder('docs', /\.md$/),
      'schemas/catalog.yaml',
      'schemas/portal-api.yaml',
    ];
    expect(files.length).toBeGreaterThan(100);
    expect(britishLines(files)).toEqual([]);
  });

  it('the help of every command, as printed', async () => {
    const found: string[] = [];
    for (const [cmd, text] of await helpPages()) for (const w of britishIn(text)) found.push(`${cmd}: ${w}`);
    expect(found).toEqual([]);
  }, 120_000);
});

let pages: Map<string, string> | undefined;
/** The help of every command (and the help topics), as printed: command -> its text. */
async function helpPages(): Promise<Map<string, string>> {
  if (pages) return pages;
  const { program } = buildProgram({ version: '0', env: {} });
  await declareAll(program);
  const paths = (c: Command, prefix: string[] = []): string[][] =>
    c.commands
      .filter((s) => s.name() !== 'help' && s.name() !== '__complete')
      .flatMap((s) => [[...prefix, s.name()], ...paths(s, [...prefix, s.name()])]);
  const all = [[], ...paths(program)];
  expect(all.length).toBeGreaterThan(40);
  const dir = tempDir();
  const out = new Map<string, string>();
  try {
    for (const p of [...all.map((x) => [...x, '--help']), ['help', 'environment'], ['help', 'exit-codes']]) {
      const r = await runCli(p, { env: baseEnv(dir.path) });
      expect(r.code, p.join(' ')).toBe(0);
      out.set(p.join(' '), r.stdout + r.stderr);
    }
  } finally {
    dir.cleanup();
  }
  return (pages = out);
}

describe('terms a district user does not know are explained where they appear, or replaced (issue 26 §8)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  /** The README's first mention of a term, with what follows it. */
  const firstMention = (term: RegExp, length = 160): string => {
    const m = term.exec(readme);
    expect(m, String(term)).not.toBeNull();
    return readme.slice(m!.index, m!.index + length);
  };

  it('the README explains outbox, idempotency key, NDJSON and Nagios at their first mention', () => {
    expect(firstMention(/\bthe outbox\b(?!`)/)).toMatch(/^the outbox:? .*\(a folder on this computer/);
    expect(firstMention(/idempotency key/)).toMatch(/^idempotency key, a unique key by which the portal recognizes/);
    expect(firstMention(/NDJSON/)).toMatch(/^NDJSON \(one JSON case per line\)/);
    expect(firstMention(/Nagios|monitoring/)).toMatch(/monitoring tools \(Nagios/);
    expect(readme).not.toMatch(/picklist|acknowledgement/i);
  });

  it('in help: NDJSON, idempotency key and Nagios come with what they mean; picklist and acknowledgement are replaced', async () => {
    for (const [cmd, text] of await helpPages()) {
      const flat = text.replace(/\s+/g, ' ');
      if (/NDJSON/.test(flat))
        expect(flat, cmd).toMatch(/NDJSON[^.]{0,40}(newline-delimited JSON|one JSON case per line)/);
      if (/idempotency key\b(?! <)/.test(flat.replace(/--idempotency-key/g, '')))
        expect(flat, cmd).toMatch(/idempotency key[^.]{0,60}recognizes/);
      if (/Nagios/.test(flat)) expect(flat, cmd).toMatch(/monitoring tools such as Nagios/);
      expect(flat, cmd).not.toMatch(/picklist|acknowledgement/i);
    }
  }, 120_000);
});
