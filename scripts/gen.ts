/**
 * `npm run gen`: compiles schemas/catalog.yaml into schemas/catalog.json (checked by the
 * meta-schema) and generates schemas/case-file.schema.json from the zod validators.
 * `npm run gen -- --check` fails when a committed file is stale (the tests do the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generated } from './generated.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const { path, text } of generated()) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing: treated as stale
  }
  if (current === text) continue;
  if (check) {
    console.error(`${path} is stale: run npm run gen`);
    stale++;
  } else {
    writeFileSync(path, text);
    console.error(`wrote ${path}`);
  }
}
process.exitCode = stale ? 1 : 0;
