// Builds dist/ with tsup (esbuild): ESM with code splitting, so each command's module and its
// heavy dependencies load only when that command runs. Dependencies stay external (node_modules)
// except commander, which every start-up loads: bundled, it is one parsed file instead of seven
// CommonJS modules resolved and wrapped through Node's ESM loader (measured in docs/performance.md).
// commander is CommonJS and requires node: built-ins, so each chunk gets a `require` of its own.
import { build } from 'tsup';

export const options = {
  entry: { cli: 'src/cli/index.ts', sandbox: 'src/sandbox/index.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  clean: true,
  dts: false,
  outDir: 'dist',
  silent: true,
  skipNodeModulesBundle: true,
  noExternal: process.env.IC_SUPPORT_BUILD_EXTERNAL_COMMANDER ? [] : ['commander'],
  banner: { js: "import { createRequire as __icSupportCreateRequire } from 'node:module';\nconst require = __icSupportCreateRequire(import.meta.url);" },
};

await build({ ...options, ...(process.env.IC_SUPPORT_BUILD_OUT ? { outDir: process.env.IC_SUPPORT_BUILD_OUT } : {}) });

// The catalog commands' fast path (src/cli/fast.ts) as one self-contained file: a single module
// for Node's ESM loader to fetch and link instead of fifteen chunks (measured: ~8 ms of start-up).
await build({
  ...options,
  entry: { fast: 'src/cli/fast.ts' },
  splitting: false,
  clean: false,
  ...(process.env.IC_SUPPORT_BUILD_OUT ? { outDir: process.env.IC_SUPPORT_BUILD_OUT } : {}),
});

// The top-level --help, rendered by the real command tree, for bin/ic-support.cjs to print without
// loading the CLI (test/unit/help.test.ts checks it matches). Wrapped for 80 columns, as for a pipe.
{
  const { writeFileSync } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const outDir = process.env.IC_SUPPORT_BUILD_OUT ?? 'dist';
  const { run } = await import(pathToFileURL(`${outDir}/cli.js`).href);
  let text = '';
  const tty = process.stdout.isTTY;
  process.stdout.isTTY = false;
  await run(['--help'], { version: '0', env: {}, out: (s) => (text += s), err: (s) => (text += s) });
  process.stdout.isTTY = tty;
  writeFileSync(`${outDir}/root-help.txt`, text);
}
