/** What `npm run gen` writes, computed in memory so a test can compare it with the committed files. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { compileCatalog } from '../src/domain/catalog/compile.js';
import { caseSchema } from '../src/domain/validation.js';
import { answerParsers } from './answer-parsers.js';

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));

export function generated(): { path: string; text: string }[] {
  const catalog = compileCatalog(parse(readFileSync(root('schemas/catalog.yaml'), 'utf8')));
  const catalogText = `${JSON.stringify(catalog, null, 2)}\n`;
  // The shape of a case file does not depend on the day; rules that do are not expressible here.
  const schema = z.toJSONSchema(caseSchema({ today: '2000-01-01', catalog }), {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  const fileSchema = {
    ...schema,
    $id: 'https://ic-support.dev/schemas/case-file.schema.json',
    title: 'ic-support case file',
    description: `A support case for one of the ${catalog.types.length} case types (catalog ${catalog.catalogVersion}). Generated from schemas/catalog.yaml by npm run gen; do not edit.`,
  };
  return [
    { path: root('schemas/catalog.json'), text: catalogText },
    { path: root('schemas/case-file.schema.json'), text: `${JSON.stringify(fileSchema, null, 2)}\n` },
    { path: root('src/portal/answer-parsers.generated.ts'), text: answerParsers() },
  ];
}
