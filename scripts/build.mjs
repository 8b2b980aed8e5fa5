// Builds dist/ with tsup (esbuild): ESM with code splitting, so each command's module and its
// heavy dependencies load only when that command runs. Dependencies stay external (node_modules).
import { build } from 'tsup';

await build({
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
});
