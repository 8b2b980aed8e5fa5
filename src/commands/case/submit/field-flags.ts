/**
 * The flags of `case submit`, one per field (`--steps-to-reproduce`, repeatable for lists:
 * `--area-of-responsibility SIS --area-of-responsibility Finance`, a switch for acknowledgements:
 * `--written-permission`). The bundled catalog's are declared with the command; the fields only the
 * portal's catalog has (as cached) are declared by `prepareCatalogFlags` (the verb's `beforeParse`),
 * just before commander parses `case submit`, and only when the command line needs them (a flag the
 * bundled catalog lacks, or --help): the same Option for the same kind of field, so commander parses
 * both alike (values that start with '-', `--flag=value`, unknown options and their did-you-mean).
 * What it read reaches `run` as `call.prepared` (`CatalogFlags`). `case submit <type> --help` shows
 * only that type's fields, with their labels, choices and defaults, from the same catalog in use.
 * Light: commander and the catalog JSON only; the catalog in use is loaded with a dynamic import.
 */
import { Option, type Command } from 'commander';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from '../../../cli/context.js';
import { TreeCommand, type WithContext } from '../../../cli/command-tree.js';
import { catalog, flagName, type Catalog, type CaseTypeDef, type FieldDef } from '../../../domain/catalog/index.js';
import { listWhose, requiredNote, shownChoices } from '../../../domain/catalog/describe.js';
import { camelCase, listing } from '../../../domain/text.js';
import type { LoadedCatalog } from '../../catalog/load.js';

const collect = (v: string, prev: string[] | undefined): string[] => [...(prev ?? []), v];

/** Every field across a catalog, once, in the order types list them. */
function fieldsOf(cat: Catalog): FieldDef[] {
  const seen = new Map<string, FieldDef>();
  for (const t of cat.types) for (const f of t.fields) if (!seen.has(f.key)) seen.set(f.key, f);
  return [...seen.values()];
}

let bundledFields: FieldDef[] | undefined;
/** Every field across the bundled catalog (the flags declared with the command). */
const allFields = (): FieldDef[] => (bundledFields ??= fieldsOf(catalog));

export const isListKind = (f: Pick<FieldDef, 'kind'>): boolean => f.kind === 'multichoice' || f.kind === 'dates';

function fieldOption(f: FieldDef, description: string): Option {
  if (f.kind === 'acknowledgement') return new Option(flagName(f), description);
  const o = new Option(`${flagName(f)} <${f.kind === 'date' || f.kind === 'dates' ? 'date' : 'value'}>`, description);
  return isListKind(f) ? o.argParser(collect) : o;
}

/**
 * A field's flag in `case submit <type> --help`: its label, whether it is required (and whose marker
 * that is: the portal's, or only the bundled default), its choices as this type allows them (no
 * Critical where only an outage may be Critical) and whose list they are.
 */
function typeSpecificDescription(f: FieldDef, type: CaseTypeDef, view: Catalog): string {
  const parts = [f.label];
  const required = requiredNote(f, view);
  parts.push(
    required
      ? `(${required})`
      : f.default
        ? `(default ${f.default})`
        : f.defaultFrom === 'user'
          ? '(default: you)'
          : f.defaultFrom === 'user-district'
            ? '(default: your district)'
            : '(optional)',
  );
  if (f.choices) parts.push(`- ${shownChoices(type, f).join(' | ')} (${listWhose(f, view)})`);
  if (isListKind(f)) parts.push('- repeat the flag for several');
  return parts.join(' ');
}

/**
 * The ids of the types that have each field, by field key: built once per catalog, so that
 * describing every field of a large catalog (100 types of 200 fields) is linear in its fields,
 * not their square.
 */
const typesByField = new WeakMap<Catalog, Map<string, string[]>>();
function typesOfField(cat: Catalog): Map<string, string[]> {
  let index = typesByField.get(cat);
  if (!index) {
    index = new Map();
    for (const t of cat.types)
      for (const f of new Set(t.fields.map((x) => x.key))) {
        const on = index.get(f);
        if (on) on.push(t.id);
        else index.set(f, [t.id]);
      }
    typesByField.set(cat, index);
  }
  return index;
}

/** "Subject (every type)", "Module (application-issue, ask-a-question and …)": a field flag in the full list. */
function generalDescription(f: FieldDef, cat: Catalog): string {
  const on = typesOfField(cat).get(f.key) ?? [];
  return `${f.label} (${on.length === cat.types.length ? 'every type' : listing(on, 'and')})`;
}

const GENERAL = 'Options:';
const FIELD_FLAGS = 'Field flags (case submit <case-type> --help shows one type):';

/**
 * What `case submit`'s `beforeParse` read and declared (it reaches `run` as `call.prepared`, and
 * the help below as the command's `prepared`): the catalog in use, as cached, and its fields that
 * the bundled catalog lacks and that have a flag of their own (declared to commander only when
 * the command line uses them, or they are the typed case type's: see declareCatalogFlags).
 */
export interface CatalogFlags {
  loaded: LoadedCatalog;
  portalFields: FieldDef[];
}

/** The field flags' values as commander gives them, by field key (--steps-to-reproduce: stepsToReproduce). */
export type FieldFlagValues = Record<string, string | string[] | boolean | undefined>;

const catalogFlagsOf = (c: Command): CatalogFlags | undefined =>
  c instanceof TreeCommand ? (c.prepared as CatalogFlags | undefined) : undefined;

/** Every field flag the command has (the bundled catalog's and those of the catalog in use). */
const fieldLongs = (c: Command): Set<string> =>
  new Set([...allFields(), ...(catalogFlagsOf(c)?.portalFields ?? [])].map((f) => flagName(f)));

/**
 * Declares the bundled catalog's field flags and the help that lists them. On commander's untyped
 * Command: the catalog decides these flags, so their type is `FieldFlagValues`, not inferred.
 */
export function addFieldOptions<C extends CommandUnknownOpts>(typed: C): C {
  const cmd = typed as unknown as Command;
  for (const f of allFields()) cmd.addOption(fieldOption(f, generalDescription(f, catalog)).helpGroup(FIELD_FLAGS));
  // commander's help asks for the options several times (widths, then the list): the list of a
  // catalog's 20,000 fields is made once per command and command line.
  const made = new WeakMap<Command, { args: string; options: Option[] }>();
  cmd.configureHelp({
    showGlobalOptions: true,
    visibleOptions(c) {
      const args = c.args.join('\0');
      const before = made.get(c);
      if (before?.args === args) return before.options;
      const options = fieldOptionsForHelp(c);
      made.set(c, { args, options });
      return options;
    },
  });
  return typed;
}

/** What case submit's help lists: the typed type's fields, or every field of the catalog in use; then the rest. */
function fieldOptionsForHelp(c: Command): Option[] {
  const prepared = catalogFlagsOf(c);
  const catalogInUse = prepared?.loaded.catalog ?? catalog;
  const typed = c.args.find((a) => !a.startsWith('-'));
  const type = typed
    ? catalogInUse.types.find((t) => t.id === typed || t.label.toLowerCase() === typed.toLowerCase())
    : undefined;
  const longs = fieldLongs(c);
  const general = c.options.filter((o) => !o.hidden && !(o.long !== undefined && longs.has(o.long)));
  for (const o of general) o.helpGroup(GENERAL);
  // A field whose flag is a global flag's or submit's own (--token, --dry-run) has no flag of
  // its own: parsing gives those to the command; help offers the field as --field key=value.
  const shown = (f: FieldDef, description: string): Option =>
    longs.has(flagName(f))
      ? fieldOption(f, description)
      : new Option(`--field <${f.key}=value>`, `${description} - only as --field: ${flagName(f)} is another flag`);
  if (type)
    return [
      ...type.fields.map((f) =>
        shown(f, typeSpecificDescription(f, type, catalogInUse)).helpGroup(`Fields of ${type.label} (${type.id}):`),
      ),
      ...general,
    ];
  if (!prepared) return c.options.filter((o) => !o.hidden);
  // The fields of the catalog in use, as its types name them (the portal's labels); then the rest.
  return [
    ...fieldsOf(catalogInUse).map((f) => shown(f, generalDescription(f, catalogInUse)).helpGroup(FIELD_FLAGS)),
    ...general,
  ];
}

/**
 * Whether commander needs the catalog in use to parse these arguments of `case submit`: a long
 * option the command does not declare (a field only the portal's catalog has, or a mistake
 * commander must name), or --help (which lists the catalog's fields). Arguments that are only
 * bundled flags, a case file or a draft read nothing here: `case submit` reads the catalog once,
 * after parsing.
 */
function needsCatalog(cmd: Command, args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '-h' || a === '--help') return true;
    if (a.startsWith('--') && !cmd.options.some((o) => o.long === a.split('=')[0])) return true;
  }
  return false;
}

/** Names commander or case submit already gives a meaning: a portal field by such a name is given with --field only. */
function taken(cmd: Command): { flags: Set<string>; attributes: Set<string> } {
  const flags = new Set(['-h', '--help', '-V', '--version']);
  const attributes = new Set(['json', 'jsonFields', 'jsonAvailable', 'jq', 'caseType', 'attachments']);
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) {
      if (o.long) flags.add(o.long);
      if (o.short) flags.add(o.short);
      attributes.add(o.attributeName());
    }
  }
  return { flags, attributes };
}

/**
 * The fields of the catalog in use that get a flag of their own (the portal's, that the bundled
 * catalog lacks and whose flag no other option has), as for the bundled ones; with `typeId` of a
 * type the catalog has, only that type's. Of these, commander is told only of the type's, or else
 * of those whose flag `used` names: commander's addOption is linear in the options a command has,
 * so declaring all 20,000 of a catalog of 100 types of 200 fields is quadratic (15 s of CPU). Help
 * lists the fields from the catalog (visibleOptions above) and completion offers them
 * (portalFieldOptions), neither through commander's parsing.
 */
function declareCatalogFlags(
  cmd: Command,
  loaded: LoadedCatalog,
  typeId: string | undefined,
  used: ReadonlySet<string>,
): CatalogFlags {
  const { flags, attributes } = taken(cmd);
  const portalFields: FieldDef[] = [];
  const type = typeId === undefined ? undefined : loaded.catalog.types.find((t) => t.id === typeId);
  for (const f of type ? type.fields : fieldsOf(loaded.catalog)) {
    const flag = flagName(f);
    if (!/^--[a-z0-9]+(-[a-z0-9]+)*$/.test(flag) || flags.has(flag) || attributes.has(f.key)) continue;
    // commander stores the value under the camel-cased flag (as camelCase does): it must be the field's key.
    if (camelCase(flag.slice(2)) !== f.key) continue;
    if (type || used.has(flag))
      cmd.addOption(fieldOption(f, generalDescription(f, loaded.catalog)).helpGroup(FIELD_FLAGS));
    flags.add(flag);
    portalFields.push(f);
  }
  return { loaded, portalFields };
}

/** The long options a command line names (`--steps=x` names --steps). */
const longsIn = (args: readonly string[]): Set<string> =>
  new Set(args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]!));

/**
 * `case submit`'s `beforeParse`, just before commander parses it (and for `help case submit`): when
 * the arguments need it, the catalog in use as cached (src/commands/catalog/load.ts; no request)
 * and a flag for each field only it has. `run` reuses what was read here (`call.prepared`).
 */
export async function prepareCatalogFlags(
  cmd: Command,
  args: readonly string[],
  withContext: WithContext,
): Promise<CatalogFlags | undefined> {
  if (!needsCatalog(cmd, args)) return undefined;
  // --sandbox: the practice portal starts with the command, not to parse its flags (its catalog is the bundled one's).
  if ((cmd.optsWithGlobals() as { sandbox?: boolean }).sandbox) return undefined;
  const loaded = await withContext(cmd, async (ctx: Context) => {
    try {
      return await (await import('../../catalog/load.js')).loadCatalog(ctx);
    } catch (e) {
      // The command reports what is wrong (a bad profile name, an unreadable setting) when it runs.
      ctx.debug(`case submit's flags: the catalog was not read (${(e as Error).message}); the bundled flags only`);
      return undefined;
    }
  });
  if (!loaded) return undefined;
  // The case type, when the command line starts with one: only its fields need flags.
  const typeId = args[0] !== undefined && !args[0].startsWith('-') ? args[0] : undefined;
  return declareCatalogFlags(cmd, loaded, typeId, longsIn(args));
}

/**
 * Completion (src/commands/completion/complete/run.ts): the flags of the portal's own fields, as
 * `case submit`'s `beforeParse` would make them, handed to the command as what it prepared; the
 * Options are returned for completion to offer (a type's are declared; without a type none are,
 * see declareCatalogFlags). Once: a command that prepared them already gives none.
 */
export function portalFieldOptions(cmd: Command, loaded: LoadedCatalog, typeId?: string): Option[] {
  if (cmd instanceof TreeCommand && cmd.prepared !== undefined) return [];
  const flags = declareCatalogFlags(cmd, loaded, typeId, new Set());
  if (cmd instanceof TreeCommand) cmd.givePrepared(flags);
  // Completion shows no descriptions: the Options only say whether a flag takes a value.
  return flags.portalFields.map((f) => fieldOption(f, ''));
}

/** The field values given as flags, by field key (commander camel-cases --steps-to-reproduce). */
export function fieldFlagValues(
  opts: FieldFlagValues,
  fields: readonly FieldDef[],
): Record<string, string | string[] | boolean> {
  const out: Record<string, string | string[] | boolean> = {};
  for (const f of fields) {
    const v = opts[f.key];
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

export { allFields };
