import type { CommandRun } from '../../../cli/context.js';
import { ExitCode } from '../../../errors.js';
import { readCaseFile } from '../../../input/case-file.js';
import { validateCase } from '../../../domain/validation.js';
import { checkQuality } from '../../../domain/quality.js';
import { loadCatalog } from '../../catalog/load.js';
import { printJson } from '../../../cli/json-output.js';
import type { LintArguments, LintOptions } from './options.js';

export const run: CommandRun<LintOptions, LintArguments> = async (ctx, [file], opts) => {
  const { data, name } = await readCaseFile(file ?? '-', () => ctx.io.stdin, ctx.cwd);
  const catalog = (await loadCatalog(ctx)).catalog;
  const result = validateCase(data, { today: ctx.today(), catalog });
  const values = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const type = catalog.types.find((t) => t.id === values.caseType);
  const warnings = [
    ...result.warnings.map((w) => ({ field: w.field, code: w.code, source: w.source, message: w.message })),
    ...(type ? checkQuality(type, values) : []),
  ];
  const issues = result.ok ? [] : result.issues;
  if (opts.json) {
    await printJson(ctx, { file: name, valid: result.ok, issues, warnings }, opts);
  } else {
    for (const i of issues) ctx.io.out(`${name}: error: ${i.field}: ${i.message}\n`);
    for (const w of warnings) ctx.io.out(`${name}: warning: ${w.field}: ${w.message}\n`);
    // Nothing found is all it says: the checks are heuristics, not a verdict on the case.
    if (!issues.length && !warnings.length) ctx.io.err(`${name}: no problems found; no advice.\n`);
  }
  if (issues.length) return ExitCode.usage;
  return opts.strict && warnings.length ? ExitCode.usage : ExitCode.ok;
};
