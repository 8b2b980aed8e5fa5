import { fileURLToPath } from 'node:url';

/**
 * How the --jq worker is started. From the source tree (tests): worker.cjs beside this file, which
 * requires jq-wasm from node_modules. The build replaces this module (scripts/bundle/plugins.mjs
 * jqWorker) with the worker bundled with jq-wasm's glue, as the code of an eval worker: dist/ and
 * the single executable then need no file of their own for it.
 */
export const jqWorkerSource = (): { code: string } | { path: string } => ({
  path: fileURLToPath(new URL('./worker.cjs', import.meta.url)),
});
