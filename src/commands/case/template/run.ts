import type { CommandRun } from '../../../cli/context.js';
import { findCaseType } from '../../../domain/catalog/index.js';
import { caseTemplate } from '../../../domain/template.js';
import { loadCatalog } from '../../catalog/load.js';
import type { TemplateArguments } from './options.js';

export const run: CommandRun<object, TemplateArguments> = async (ctx, [typeId]) => {
  const catalogInUse = (await loadCatalog(ctx)).catalog;
  ctx.io.out(caseTemplate(findCaseType(typeId ?? '', catalogInUse), catalogInUse));
};
