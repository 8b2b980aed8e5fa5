// Builds dist/: one esbuild bundle of the CLI and its dependencies (all but the native
// better-sqlite3), split into chunks so that a command loads only the code it runs: the entry
// (commander and the command tree's declarations) and the chunks of the command named on the
// command line. esbuild splits only ES modules, so each chunk is then converted to CommonJS
// (dist/package.json says so): Node loads a CommonJS file faster than an ES module, and only
// CommonJS code can be compiled with a V8 code cache (bin/ic-support.cjs keeps one).
// Measured in docs/performance.md.
import { build, transform } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  here,
  jqWorker,
  lazyBuiltins,
  lazyChalk,
  lazyChildProcess,
  lazyStringWidth,
  leanUndici,
  englishZod,
  minify,
} from './bundle/plugins.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = process.env.IC_SUPPORT_BUILD_OUT ?? join(root, 'dist');

/**
 * Every value src/ imports from a module the bundle stands in for must be in the stand-in, or the
 * bundle would break at run time: undici's lean entry, the lazy node:crypto and node:tls.
 */
function checkStandIn(specifier, standIn) {
  const have = new Set(Object.keys(createRequire(import.meta.url)(here(standIn))));
  const missing = [];
  const from = new RegExp(`import\\s+(?!type\\b)\\{([^}]*)\\}\\s+from\\s+'${specifier}'`, 'g');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(from)) {
          for (const part of m[1].split(',')) {
            const name = part.trim().split(/\s+as\s+/)[0];
            if (name && !name.startsWith('type ') && !have.has(name)) missing.push(`${relative(root, p)}: ${name}`);
          }
        }
      }
    }
  };
  walk(join(root, 'src'));
  if (missing.length)
    throw new Error(`scripts/bundle/${standIn} lacks what src/ imports from ${specifier}:\n  ${missing.join('\n  ')}`);
}

// IC_SUPPORT_BUILD_SOURCEMAP=1: source maps through both steps, back to src/ and node_modules/
// (bench/profile.mjs attributes a CPU profile to packages with them). Off by default: not shipped.
const maps = process.env.IC_SUPPORT_BUILD_SOURCEMAP === '1';

checkStandIn('undici', 'undici.cjs');
checkStandIn('node:crypto', 'lazy-crypto.cjs');
checkStandIn('node:tls', 'lazy-tls.cjs');
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/index.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: outDir,
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3'],
  plugins: [leanUndici, englishZod, lazyChildProcess, lazyStringWidth, lazyChalk, lazyBuiltins, jqWorker],
  // `--version` answers from the build instead of reading package.json at every start.
  define: { IC_SUPPORT_VERSION: JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version) },
  // Which chunk imports which, statically or with import(): what pack() groups by.
  metafile: true,
  legalComments: 'none',
  ...minify,
  logLevel: 'warning',
  sourcemap: maps ? 'external' : false,
  write: false,
});

/**
 * Fewer, larger files: every file a command loads costs two reads (the chunk and its code
 * cache), a `vm.Script` and a module record, and esbuild's splitting makes many small chunks (one
 * per set of dynamic imports that share code). So each chunk a dynamic import names (a "head":
 * a command's module, the noun's declarations, the I/O) is written with the chunks it requires
 * statically appended to it as functions (src/cli/compile-cache.ts runs one only when it is
 * first required, so what runs and in which order is unchanged; only reading and compiling are
 * done once for the lot). Left as files: what dist/cli.js requires before the code cache is set
 * up, and large chunks several heads share (zod, undici, the catalog, yaml), which would
 * otherwise be read and compiled again inside every head that needs them. What run.ts (loaded by
 * every command, first) already holds is not repeated in the later heads.
 */
const SHARED_ALONE = 48 * 1024;
function pack(files, metafile) {
  const chunks = join(outDir, 'chunks');
  const name = (path) => relative(chunks, path);
  const code = new Map([...files].map(([path, text]) => [path.startsWith(chunks) ? name(path) : path, text]));
  const entry = join(outDir, 'cli.js');
  // esbuild's own record of each output's imports: static (`import`) or dynamic (`import()`).
  const key = (path) => (resolve(root, path) === entry ? entry : name(resolve(root, path)));
  const graph = new Map([...code.keys()].map((f) => [f, { static: new Set(), dynamic: new Set() }]));
  for (const [out, { imports }] of Object.entries(metafile.outputs)) {
    if (!graph.has(key(out))) continue;
    for (const i of imports)
      if (!i.external) graph.get(key(out))[i.kind === 'dynamic-import' ? 'dynamic' : 'static'].add(key(i.path));
  }
  const closure = (f, into = new Set()) => {
    if (into.has(f)) return into;
    into.add(f);
    for (const d of graph.get(f).static) closure(d, into);
    return into;
  };
  const early = closure(entry);
  const heads = new Set([...graph.values()].flatMap((g) => [...g.dynamic]));
  // The chunk of src/cli/run.ts, by the entry point esbuild records (every verb has a run.ts too).
  const first = Object.entries(metafile.outputs)
    .filter(([, o]) => o.entryPoint === 'src/cli/run.ts')
    .map(([out]) => key(out));
  if (first.length !== 1) throw new Error(`pack: expected one chunk of src/cli/run.ts, found ${first.length}`);
  const always = closure(first[0]);
  const members = new Map(
    [...heads].map((h) => [
      h,
      [...closure(h)].filter((c) => c !== h && !early.has(c) && (h === first[0] || !always.has(c))),
    ]),
  );
  const wanted = new Map();
  for (const list of members.values()) for (const c of list) wanted.set(c, (wanted.get(c) ?? 0) + 1);
  const alone = (c) => wanted.get(c) > 1 && code.get(c).length > SHARED_ALONE;
  const written = new Map();
  for (const [f, text] of code) {
    if (!heads.has(f)) continue;
    const inside = members.get(f).filter((c) => !alone(c));
    const table = inside
      .map((c) => `${JSON.stringify(c)}: function (exports, require, module, __filename, __dirname) {\n${code.get(c)}}`)
      .join(',\n');
    if (/^\s*["']use strict["']/.test(text))
      throw new Error(`pack: ${f} starts with a directive, which must stay first`);
    written.set(join(chunks, f), inside.length ? `__icSupportPack({\n${table}\n});\n${text}` : text);
  }
  // Every chunk still required as a file is written as one: the entry, what it requires before
  // the code cache is set up, the large shared chunks, and any chunk no head packs.
  const packed = new Set([...written.keys()].flatMap((p) => members.get(name(p)).filter((c) => !alone(c))));
  for (const [f, text] of code) {
    const path = f === entry ? f : join(chunks, f);
    if (!written.has(path) && (f === entry || early.has(f) || !packed.has(f))) written.set(path, text);
  }
  return written;
}

rmSync(outDir, { recursive: true, force: true });
const converted = new Map();
const options = {
  format: 'cjs',
  target: 'node20',
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  ...minify,
};
for (const f of result.outputFiles) {
  if (!f.path.endsWith('.js')) continue;
  // A chunk that is only a CommonJS package for an `import()` (yaml) exports it as `default`; as a
  // CommonJS chunk it must export the package itself, as Node's import() of a package would.
  const text = f.text.replace(/([;}\n])\s*export default (require_[\w$]+)\(\);\s*$/, '$1\nmodule.exports = $2();\n');
  if (/\bexport default require_/.test(text))
    throw new Error(`${basename(f.path)}: a package chunk's default export was not turned into module.exports`);
  mkdirSync(dirname(f.path), { recursive: true });
  if (maps) {
    // esbuild follows an input file's source map when it builds from that file.
    const esm = `${f.path}.esm.js`;
    writeFileSync(esm, `${text}//# sourceMappingURL=${basename(f.path)}.map\n`);
    writeFileSync(
      `${esm.slice(0, -'.esm.js'.length)}.map`,
      result.outputFiles.find((m) => m.path === `${f.path}.map`).text,
    );
    await build({
      ...options,
      entryPoints: [esm],
      outfile: f.path,
      bundle: false,
      sourcemap: 'external',
      allowOverwrite: true,
    });
    rmSync(esm);
    continue;
  }
  // `import()` becomes require(): the chunks are CommonJS from here on.
  const { code } = await transform(text, { ...options, loader: 'js' });
  converted.set(f.path, code);
}
for (const [path, code] of maps ? [] : pack(converted, result.metafile)) writeFileSync(path, code);
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`);
