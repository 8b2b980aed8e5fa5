import type { CommandRun } from '../../cli/context.js';
import { ValidationError } from '../../errors.js';
import { readCaseFile } from '../../input/case-file.js';
import { validateCase } from '../../domain/validation.js';
import { findCaseType } from '../../domain/catalog/index.js';

export const run: CommandRun<{ json?: boolean }> = async (ctx, [file], opts) => {
  const { data, name } = await readCaseFile(file ?? '-', ctx.io.stdin);
  const result = validateCase(data, { today: ctx.today() });
  if (opts.json) {
    ctx.io.out(`${JSON.stringify(result.ok ? { valid: true, file: name, caseType: result.value.caseType, case: result.value } : { valid: false, file: name, issues: result.issues }, null, 2)}\n`);
    return result.ok ? 0 : new ValidationError(result.issues).exitCode;
  }
  if (!result.ok) throw new ValidationError(result.issues, name, 'Fix these and run the command again; ic-support case fields <type> lists every field.');
  ctx.io.out(`${name}: a valid ${findCaseType(result.value.caseType).label} case.\n`);
};
