import type { CommandRun } from '../../cli/context.js';
import { findCaseType } from '../../domain/catalog/index.js';
import { caseTemplate } from '../../domain/template.js';

export const run: CommandRun = async (ctx, [typeId]) => {
  ctx.io.out(caseTemplate(findCaseType(typeId ?? '')));
};
