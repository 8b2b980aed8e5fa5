/**
 * How this run was invoked, so that every command a message suggests can be run as printed: through
 * npx when the user ran `npx ic-support …` (ic-support may not be on their PATH), and with the
 * `--profile` and `--sandbox` they gave (without them the suggested command would act on another
 * profile, or on the real portal). Messages are written with plain "ic-support <command>"; the one
 * place that prints them (src/cli/run.ts for errors, the context's stderr for the rest) rewrites
 * each such command with `runnable`.
 */
import { sep } from 'node:path';

export interface Invocation {
  /** "ic-support", or "npx ic-support" when run through npx (or npm exec). */
  command: string;
  /** The global flags to repeat, as given: ["--profile", "work"], ["--sandbox"]. */
  flags: string[];
}

/**
 * Run through npx: npm marks the child's environment (npm_command "exec", npm_lifecycle_event
 * "npx" for both `npx` and `npm exec`), and npx installs a package it fetches under a "_npx" folder
 * of npm's cache, where the script then lives.
 */
export function throughNpx(env: NodeJS.ProcessEnv, script: string | undefined): boolean {
  if (env.npm_command === 'exec' && env.npm_lifecycle_event === 'npx') return true;
  return script !== undefined && (script.includes(`${sep}_npx${sep}`) || script.includes('/_npx/'));
}

/**
 * The flags before the command that a suggested command must keep: `--profile NAME` (or
 * --profile=NAME) and `--sandbox` as typed, not IC_SUPPORT_PROFILE (still set where the user runs
 * the suggestion). Only the global position is read: a verb's own words are not these flags.
 */
export function repeatedFlags(argv: readonly string[]): string[] {
  // Each once, in the order first given; a --profile given twice is the last one, as commander reads it.
  const out: string[] = [];
  const keep = (flag: string, value?: string): void => {
    const at = out.indexOf(flag);
    if (at < 0) out.push(flag, ...(value === undefined ? [] : [value]));
    else if (value !== undefined) out[at + 1] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--sandbox') keep('--sandbox');
    else if (a === '--profile' && argv[i + 1] !== undefined) keep('--profile', argv[++i]!);
    else if (a.startsWith('--profile=')) keep('--profile', a.slice('--profile='.length));
  }
  return out;
}

export function invocation(env: NodeJS.ProcessEnv, argv: readonly string[], script: string | undefined): Invocation {
  return { command: throughNpx(env, script) ? 'npx ic-support' : 'ic-support', flags: repeatedFlags(argv) };
}

/** A profile name as a shell word: quoted when it holds anything but letters, digits, "-", "_" and ".". */
const shellWord = (w: string): string => (/^[\w.-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/**
 * The text with each suggested command ("ic-support case show 1042", "ic-support --sandbox …")
 * rewritten as this invocation runs it. `commands` are the first words a command can have (the
 * root's nouns and shortcuts), so prose that only names the tool ("ic-support opens only…") is
 * left alone. A flag the suggestion already gives on its line is not added again.
 */
export function runnable(text: string, inv: Invocation, commands: readonly string[]): string {
  if (inv.command === 'ic-support' && inv.flags.length === 0) return text;
  if (!text.includes('ic-support')) return text;
  const words = commands.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const pattern = new RegExp(`(^|[\\s(\`'"=:])ic-support(?= (?:--[a-z]|(?:${words})\\b))`, 'g');
  return text.replace(pattern, (_m, lead: string, offset: number) => {
    // The suggested command runs to the end of its line, sentence part or quotation.
    const rest = text.slice(offset + lead.length).split(/[\n;)`]/, 1)[0]!;
    const add: string[] = [];
    for (let i = 0; i < inv.flags.length; i++) {
      const f = inv.flags[i]!;
      if (f === '--profile') {
        const name = inv.flags[++i]!;
        if (!/\s--profile[\s=]/.test(rest)) add.push('--profile', shellWord(name));
      } else if (!rest.includes(` ${f}`) && !/^ic-support sandbox\b/.test(rest)) add.push(f);
      // (`ic-support sandbox` runs a sandbox of its own: --sandbox is no flag of it.)
    }
    return `${lead}${[inv.command, ...add].join(' ')}`;
  });
}
