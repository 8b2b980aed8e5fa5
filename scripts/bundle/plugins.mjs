// The esbuild plugins and options of the CLI's bundle (scripts/build.mjs), shared with the
// benchmark that measures what undici and zod cost alone, bundled the same way (bench/floor.mjs).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const here = (p) => join(root, 'scripts', 'bundle', p);

// Whitespace and syntax minified, names kept (stack traces stay readable): V8 keeps every loaded
// chunk's source in memory, and `notifications --check` was ~1 MB over its peak-RSS target with
// the bundle as printed (docs/performance.md).
export const minify = { minifyWhitespace: true, minifySyntax: true };

/** undici's parts (scripts/bundle/undici.cjs) instead of its index; no HTTP/2 client; node:http and node:assert stood in for (scripts/bundle/undici-http.cjs, undici-assert.cjs). */
export const leanUndici = {
  name: 'lean-undici',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (a) =>
      a.importer.startsWith(here('')) ? undefined : { path: here('undici.cjs') },
    );
    b.onResolve({ filter: /client-h2(\.js)?$/ }, (a) =>
      a.importer.includes(`${join('undici', 'lib', 'dispatcher')}`) ? { path: here('no-http2.cjs') } : undefined,
    );
    const inUndici = (a) => a.importer.includes(`${join('node_modules', 'undici', 'lib')}`);
    b.onResolve({ filter: /^node:http$/ }, (a) => (inUndici(a) ? { path: here('undici-http.cjs') } : undefined));
    b.onResolve({ filter: /^node:assert$/ }, (a) => (inUndici(a) ? { path: here('undici-assert.cjs') } : undefined));
  },
};

/** zod's locales: English only (scripts/bundle/zod-locales.mjs). */
export const englishZod = {
  name: 'english-zod',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) =>
      a.importer.includes(`${join('node_modules', 'zod')}`) ? { path: here('zod-locales.mjs') } : undefined,
    );
  },
};

/** commander's node:child_process, loaded only if used (scripts/bundle/lazy-child-process.cjs). */
export const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) =>
      a.importer.includes(`${join('node_modules', 'commander')}`)
        ? { path: here('lazy-child-process.cjs') }
        : undefined,
    );
  },
};

/** string-width for src/, loaded on its first call (scripts/bundle/lazy-string-width.cjs). */
export const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, (a) =>
      a.importer.startsWith(join(root, 'src')) ? { path: here('lazy-string-width.cjs') } : undefined,
    );
  },
};

/**
 * chalk for src/, loaded when color is first used (scripts/bundle/lazy-chalk.cjs), and its
 * node:tty loaded when chalk first asks it (scripts/bundle/lazy-tty.cjs).
 */
export const lazyChalk = {
  name: 'lazy-chalk',
  setup(b) {
    b.onResolve({ filter: /^chalk$/ }, (a) =>
      a.importer.startsWith(join(root, 'src')) ? { path: here('lazy-chalk.cjs') } : undefined,
    );
    b.onResolve({ filter: /^(node:)?tty$/ }, (a) =>
      a.importer.includes(`${join('node_modules', 'chalk')}`) ? { path: here('lazy-tty.cjs') } : undefined,
    );
  },
};

/** node:crypto and node:tls for src/, loaded on their first use (scripts/bundle/lazy-crypto.cjs, lazy-tls.cjs). */
export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const fromSrc = (a) => a.importer.startsWith(join(root, 'src'));
    b.onResolve({ filter: /^(node:)?crypto$/ }, (a) => (fromSrc(a) ? { path: here('lazy-crypto.cjs') } : undefined));
    b.onResolve({ filter: /^(node:)?tls$/ }, (a) => (fromSrc(a) ? { path: here('lazy-tls.cjs') } : undefined));
  },
};

/**
 * The --jq worker (src/cli/jq/worker.cjs) bundled with jq-wasm's glue into one script, given to
 * src/cli/jq/worker-source.ts as the code of an eval worker: nothing but the chunk that runs --jq
 * holds it, and the single executable, which has no files beside it, runs it the same way.
 * Names are kept: the worker finds the glue's WASI imports by their function names.
 */
export const jqWorker = {
  name: 'jq-worker',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]jq[\\/]worker-source\.ts$/ }, async () => {
      const { build } = await import('esbuild');
      const r = await build({
        absWorkingDir: root,
        entryPoints: [join(root, 'src', 'cli', 'jq', 'worker.cjs')],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        keepNames: true,
        minifyWhitespace: true,
        legalComments: 'none',
        logLevel: 'warning',
        write: false,
      });
      const code = r.outputFiles[0].text;
      return {
        contents: `export const jqWorkerSource = () => ({ code: ${JSON.stringify(code)} });\n`,
        loader: 'js',
        watchFiles: [join(root, 'src', 'cli', 'jq', 'worker.cjs')],
      };
    });
  },
};
