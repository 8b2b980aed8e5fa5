/** `ic-support case validate`: a case file checked offline, every problem listed in one run. */
import { dirname, resolve } from 'node:path';
import type { CommandRun } from '../../../cli/context.js';
import { ValidationError, type FieldIssue } from '../../../errors.js';
import { readCaseFile } from '../../../input/case-file.js';
import { validateCase } from '../../../domain/validation.js';
import { findCaseType, type Catalog } from '../../../domain/catalog/index.js';
import { attachmentLimits } from '../../../domain/catalog/merge.js';
import { checkAttachments } from '../../../input/attachment-files.js';
import { loadCatalog } from '../../catalog/load.js';
import { paths } from '../../../config/paths.js';
import { printJson } from '../../../cli/json-output.js';
import type { ValidateArguments, ValidateOptions } from './options.js';

export interface ValidateRequest {
  file: string;
  json: boolean;
}

/** argv → what to check; pure. */
export function parseValidateOptions(file: string | undefined, opts: Pick<ValidateOptions, 'json'>): ValidateRequest {
  return { file: file ?? '-', json: opts.json === true };
}

/**
 * The files a case names, as submit will check them: each exists, is readable, is within the catalog's
 * limits (offline the bundled defaults, which only warn).
 */
function attachmentIssues(
  data: unknown,
  name: string,
  cwd: string,
  catalogInUse: Catalog,
  stateDir: string,
): { issues: FieldIssue[]; warnings: FieldIssue[] } {
  const list = (data as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(list) || !list.every((p): p is string => typeof p === 'string' && p !== ''))
    return { issues: [], warnings: [] };
  try {
    const checked = checkAttachments(
      list,
      name === 'standard input' ? cwd : dirname(resolve(cwd, name)),
      attachmentLimits(catalogInUse),
      'attachments',
      { stateDir, what: 'a case file' },
    );
    // Said here as case submit says it (issue 25 §3): confirmed at a terminal, else --attach.
    const outside = checked.outside.map((o) => ({
      field: o.field,
      message: `${o.message}: case submit asks to confirm it at a terminal, and without one refuses it (give it with --attach)`,
    }));
    return { issues: [], warnings: [...checked.warnings, ...outside] };
  } catch (e) {
    if (e instanceof ValidationError) return { issues: e.issues, warnings: [] };
    throw e;
  }
}

export const run: CommandRun<ValidateOptions, ValidateArguments> = async (ctx, [fileArg], opts) => {
  const req = parseValidateOptions(fileArg, opts);
  const { data, name } = await readCaseFile(req.file, () => ctx.io.stdin, ctx.cwd);
  // The portal's lists as cached; offline (no portal, nothing cached) the bundled ones, which warn.
  const catalogInUse = (await loadCatalog(ctx)).catalog;
  const result = validateCase(data, { today: ctx.today(), catalog: catalogInUse });
  const files = attachmentIssues(data, name, ctx.cwd, catalogInUse, paths(ctx.env).root);
  const warnings = [...result.warnings, ...files.warnings];
  if (!req.json) for (const w of warnings) ctx.io.err(`${name}: warning: ${w.field}: ${w.message}\n`);
  const issues = [...(result.ok ? [] : result.issues), ...files.issues];
  if (req.json) {
    await printJson(
      ctx,
      result.ok && !issues.length
        ? { valid: true, file: name, caseType: result.value.caseType, case: result.value, warnings }
        : { valid: false, file: name, issues, warnings },
      opts,
    );
    return issues.length ? new ValidationError(issues).exitCode : 0;
  }
  if (issues.length || !result.ok)
    throw new ValidationError(
      issues,
      name,
      'Fix these and run the command again; ic-support case fields <type> lists every field.',
    );
  // A verdict, not data (--json is the data): on stderr with the warnings, as lint says it.
  ctx.io.err(`${name}: a valid ${findCaseType(result.value.caseType, catalogInUse).label} case.\n`);
};
