/**
 * Completion candidates from the command tree itself (commands, aliases, flags), from the
 * catalog (case type ids for <case-type> arguments; choice values for flags named after fields),
 * and from what the last listings saw (case numbers, notification ids: src/state/seen.ts), so
 * completing never waits for the portal. The shell scripts are thin: they pass the words typed so
 * far and print what this returns.
 */
import type { CompleteArguments } from './options.js';
import type { Command, Option } from 'commander';
import type { CommandRun } from '../../../cli/context.js';
import { catalog as bundled, flagName, type Catalog } from '../../../domain/catalog/index.js';
import { declareAll } from '../../../cli/command-tree.js';
import { recall } from '../../../state/seen.js';
import { FILES_DIRECTIVE } from '../scripts.js';

/** Case numbers and notification ids seen by the last listings of the profile in use. */
export type Recent = (kind: 'cases' | 'notifications') => string[];

/** Values an argument or flag can take, where the catalog knows them. */
function valuesFor(
  catalog: Catalog,
  argName: string | undefined,
  flag: string | undefined,
  typeId: string | undefined,
): string[] | undefined {
  if (argName === 'case-type' || flag === '--case-type') return catalog.types.map((t) => t.id);
  if (flag) {
    const types = typeId ? catalog.types.filter((t) => t.id === typeId) : catalog.types;
    const values = new Set<string>();
    for (const t of types)
      for (const f of t.fields) if (flagName(f) === flag && f.choices) f.choices.forEach((c) => values.add(c));
    if (values.size) return [...values];
  }
  return undefined;
}

const takesValue = (o: Option): boolean => o.required || o.optional;

/** A flag's value or an argument that is a local path: the shell's file completion is offered too. */
const FILE_VALUE = /<(file|dir|folder)>/;
const FILE_ARGUMENTS = new Set(['file', 'files']);

/**
 * `catalog`: the view in use (the portal's lists, as cached); the bundled one by default.
 * `more`: options a command has that commander was not told of (case submit's portal fields).
 */
export function candidates(
  root: Command,
  words: string[],
  catalog: Catalog = bundled,
  recent: Recent = () => [],
  more: (cmd: Command) => readonly Option[] = () => [],
): string[] {
  const current = words.length ? words[words.length - 1]! : '';
  const done = words.slice(0, -1);
  let cmd = root;
  let positional = 0;
  let typeId: string | undefined;
  let pendingFlag: Option | undefined;
  for (const w of done) {
    if (pendingFlag) {
      pendingFlag = undefined;
      continue;
    }
    if (w.startsWith('-')) {
      const o = [...cmd.options, ...more(cmd), ...root.options].find(
        (x) => x.long === w.split('=')[0] || x.short === w,
      );
      if (o && takesValue(o) && !w.includes('=')) pendingFlag = o;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
    if (sub && positional === 0) {
      cmd = sub;
      continue;
    }
    const arg = cmd.registeredArguments[positional];
    if (arg?.name() === 'case-type') typeId = w;
    positional++;
  }
  let out: string[];
  let files = false;
  if (pendingFlag) {
    files = FILE_VALUE.test(pendingFlag.flags);
    out = pendingFlag.argChoices ?? valuesFor(catalog, undefined, pendingFlag.long, typeId) ?? [];
  } else if (current.startsWith('-')) {
    out = [...cmd.options, ...more(cmd), ...(cmd === root ? [] : root.options)]
      .filter((o) => !o.hidden && o.long)
      .map((o) => o.long!);
    out.push('--help');
  } else {
    const subs =
      positional === 0
        ? cmd.commands.filter((c) => !c.name().startsWith('__')).flatMap((c) => [c.name(), ...c.aliases()])
        : [];
    const args = cmd.registeredArguments;
    const arg = args[positional] ?? (args.at(-1)?.variadic ? args.at(-1) : undefined);
    files = arg !== undefined && FILE_ARGUMENTS.has(arg.name());
    const seen =
      arg?.name() === 'number'
        ? recent('cases')
        : arg?.name() === 'id' && cmd.parent?.name() === 'notifications'
          ? recent('notifications')
          : undefined;
    const vals = arg ? (arg.argChoices ?? seen ?? valuesFor(catalog, arg.name(), undefined, typeId) ?? []) : [];
    out = [...subs, ...vals];
  }
  const matching = [...new Set(out)].filter((c) => c.startsWith(current));
  return files ? [...matching, FILES_DIRECTIVE] : matching;
}

export const run: CommandRun<object, CompleteArguments> = async (ctx, [words], _opts, { command }) => {
  let root = command;
  while (root.parent) root = root.parent;
  await declareAll(root);
  const { loadCatalog } = await import('../../catalog/load.js');
  const typed = words ?? [];
  const at = typed.indexOf('--profile');
  // Global options typed before the words are the context's; typed among them, they are read here.
  const profile = typed.includes('--sandbox')
    ? 'sandbox'
    : at >= 0 && typed[at + 1]
      ? typed[at + 1]!
      : ctx.profileName();
  const recent: Recent = (kind) =>
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(profile) ? recall(ctx.env, profile, kind).map((i) => i.id) : [];
  const loaded = await loadCatalog(ctx);
  // case submit's flags for the fields only the portal's catalog has, as the command declares them.
  const submit = root.commands.find((c) => c.name() === 'case')?.commands.find((c) => c.name() === 'submit');
  // Only the type's fields when the words name it (case submit <type> --…).
  const typeId = typed[0] === 'case' && typed[1] === 'submit' ? typed[2] : undefined;
  const portal = submit
    ? (await import('../../case/submit/field-flags.js')).portalFieldOptions(submit, loaded, typeId)
    : [];
  const list = candidates(root, typed, loaded.catalog, recent, (c) => (c === submit ? portal : []));
  if (list.length) ctx.io.out(`${list.join('\n')}\n`);
};
