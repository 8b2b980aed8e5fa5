// The Windows tier and the one-file executables' tier (issue 28 §1, §3), run by .ci/run after
// `npm test`. Writes .tmp/windows-tier.json ({ passed, failed, seconds }) and prints each check.
//
// 1. The Linux x64 executable (npm run release, linux-x64 and win-x64 only), with no Node on PATH:
//    every command's --help, and --sandbox filing and listing; built a second time, the same bytes.
// 2. The Windows executable under Wine: --version and case fields.
// 3. The CLI (bin/ic-support.cjs) on the registry's Windows Node 22 and 20 under Debian's wine64,
//    against a sandbox on the Linux side: --help of every command (22; a few on 20), case
//    fields|template|validate|lint, config and profiles, login, submit (flags, file, batch), list,
//    show, comment, attach, download, drafts, the outbox across a stopped portal, notifications and
//    --check, in a state folder whose path has spaces and non-ASCII, with CRLF and UTF-16 files.
//    Node 24 aborts at start under Wine 8 (a Wine limit), so it is not run. Wine lacks the socket
//    keep-alive ioctl that undici uses: test/windows/keepalive-shim.cjs (test-only, preloaded with
//    --require) makes setKeepAlive a no-op there; it is never part of the product.
//
//    Hints name PowerShell's commands there (a broken config.json, a refused IC_SUPPORT_TOKEN).
//
// What Wine cannot show (ACLs, a real console, antivirus locks) is listed in the README's platform notes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary, release } from '../release.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const started = Date.now();
let passed = 0;
let failed = 0;
const failures = [];

function check(name, ok, detail = '') {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n     ${detail.trim().split('\n').slice(0, 6).join('\n     ')}`}`,
  );
}

const scratch = mkdtempSync(join(tmpdir(), 'ic-support-windows-tier-'));
// A state folder with a space and non-ASCII in its path, as a Windows profile often has.
const stateLinux = join(scratch, 'Dossier de l’équipe', 'état');
mkdirSync(stateLinux, { recursive: true });
const files = join(scratch, 'Fichiers à envoyer');
mkdirSync(files, { recursive: true });

/** Runs a program with stdout and stderr to files and stdin from a file (what Wine handles). */
function runTo(cmd, args, { env, input, cwd = scratch, timeoutMs = 120_000 } = {}) {
  const o = join(scratch, 'out.txt');
  const e = join(scratch, 'err.txt');
  const i = join(scratch, 'in.txt');
  writeFileSync(i, input ?? '');
  const r = spawnSync('/bin/sh', ['-c', '"$@" <"$I" >"$O" 2>"$E"', 'sh', cmd, ...args], {
    env: { ...env, I: i, O: o, E: e },
    cwd,
    timeout: timeoutMs,
  });
  return { code: r.status ?? -1, stdout: readFileSync(o, 'utf8'), stderr: readFileSync(e, 'utf8') };
}

/** Every command path, from the help of the root and of each noun. */
function commandsOf(run) {
  const names = (text) =>
    [...(text.split('Commands:')[1] ?? '').split(/\n\s*\n/)[0].matchAll(/^ {2}([a-z][\w-]*)/gm)]
      .map((m) => m[1])
      .filter((n) => n !== 'help');
  const paths = [];
  for (const noun of names(run(['--help']).stdout)) {
    paths.push([noun]);
    for (const verb of names(run([noun, '--help']).stdout)) paths.push([noun, verb]);
  }
  return paths;
}

// --- 1. The Linux x64 executable, no Node on PATH
const targets = ['linux-x64', ...(process.env.IC_SUPPORT_WINDOWS_TIER_NO_WINE ? [] : ['win-x64'])];
const t0 = Date.now();
// IC_SUPPORT_WINDOWS_TIER_REUSE=1: use the executables already in release/ (while working on this script).
if (!process.env.IC_SUPPORT_WINDOWS_TIER_REUSE) await release(targets);
console.log(`release (${targets.join(', ')}): ${Math.round((Date.now() - t0) / 1000)} s`);
const linuxExe = join(root, 'release', 'ic-support-linux-x64');
// Reproducible: a second build of the Linux x64 executable, from scratch, gives the same bytes.
const again = join(scratch, 'release-again');
const [first] = readFileSync(join(root, 'release', 'SHA256SUMS'), 'utf8')
  .split('\n')
  .filter((l) => l.endsWith('  ic-support-linux-x64'));
const [second] = await release(['linux-x64'], again);
check(
  'executable: a second build gives the same bytes (SHA-256)',
  first !== undefined && first === second,
  `${first}\n${second}`,
);
const noNode = join(scratch, 'empty-path');
mkdirSync(noNode);
const exeEnv = { HOME: scratch, PATH: noNode, IC_SUPPORT_CONFIG_DIR: join(scratch, 'exe-state'), NO_COLOR: '1' };
const exe = (args, o = {}) => runTo(linuxExe, args, { env: exeEnv, ...o });
check('executable: no node on its PATH', spawnSync('/bin/sh', ['-c', 'command -v node'], { env: exeEnv }).status !== 0);
const v = exe(['--version']);
check('executable: --version', v.code === 0 && /^\d+\.\d+\.\d+/.test(v.stdout), v.stderr);
for (const path of commandsOf(exe)) {
  const r = exe([...path, '--help']);
  check(`executable: ${path.join(' ')} --help`, r.code === 0 && r.stdout.includes('Usage: ic-support'), r.stderr);
}
const filed = exe([
  '--sandbox',
  'case',
  'submit',
  'ask-a-question',
  '--account',
  'Bayside School (TESTING)',
  '--module',
  'Attendance',
  '--subject',
  'Filed by the one-file executable',
  '--description',
  'Filed through the sandbox inside the executable, which uses node:sqlite.',
]);
check('executable: --sandbox case submit', filed.code === 0 && /^\d{8}\b/.test(filed.stdout), filed.stderr);
const listed = exe(['--sandbox', 'case', 'list']);
check(
  'executable: --sandbox case list shows it',
  listed.code === 0 && listed.stdout.includes('Filed by the one-file executable'),
  listed.stderr,
);
// Once it has a state folder, the chunks it ran are compiled with a code cache it keeps there
// (src/cli/compile-cache.ts), apart from an npm install's.
const caches = join(exeEnv.IC_SUPPORT_CONFIG_DIR, 'cache', 'v8-executable');
check(
  'executable: keeps a V8 code cache of the chunks it ran',
  existsSync(caches) && readdirSync(caches).some((f) => f.endsWith('.bin')),
  caches,
);

// --- 2 and 3. Wine
const wine = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((w) => existsSync(w));
if (process.env.IC_SUPPORT_WINDOWS_TIER_NO_WINE || !wine) {
  check('wine64 is installed (apt-get install wine64)', false, 'not found: the Windows tier did not run');
} else {
  const prefix = join(root, 'node_modules', '.cache', 'ic-support-wine');
  const winPath = (p) => `Z:${p.replaceAll('/', '\\')}`;
  const wineEnv = (extra = {}) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? scratch,
    WINEDEBUG: '-all',
    WINEPREFIX: prefix,
    NODE_SKIP_PLATFORM_CHECK: '1',
    NO_COLOR: '1',
    // Wine converts file names, arguments and console text with the Unix locale's code page: UTF-8.
    LANG: 'C.UTF-8',
    ...extra,
  });
  // One wineserver for the whole tier: each start of a Windows program is then about a second.
  // (-p keeps it running in the foreground: started detached, and stopped with -k at the end.)
  spawn('wineserver', ['-p'], { env: wineEnv(), detached: true, stdio: 'ignore' }).unref();

  const winExe = join(root, 'release', 'ic-support-win-x64.exe');
  const we = runTo(wine, [winExe, '--version'], {
    env: wineEnv({ IC_SUPPORT_CONFIG_DIR: winPath(join(scratch, 'winexe')) }),
  });
  check('Windows executable under Wine: --version', we.code === 0 && /^\d+\.\d+\.\d+/.test(we.stdout), we.stderr);
  const wf = runTo(wine, [winExe, 'case', 'fields', 'data-restore'], {
    env: wineEnv({ IC_SUPPORT_CONFIG_DIR: winPath(join(scratch, 'winexe')) }),
  });
  check('Windows executable under Wine: case fields', wf.code === 0 && wf.stdout.includes('Data Restore'), wf.stderr);

  // The sandbox, on the Linux side (the machine's Node).
  const dataDir = join(scratch, 'sandbox-data');
  const startSandbox = (port, statusPort) =>
    new Promise((resolve, reject) => {
      const p = spawn(
        process.execPath,
        [
          join(root, 'bin', 'ic-support.cjs'),
          'sandbox',
          '--port',
          String(port),
          '--status-port',
          String(statusPort),
          '--data-dir',
          dataDir,
          '--json',
        ],
        {
          env: { ...process.env, IC_SUPPORT_CONFIG_DIR: join(scratch, 'linux-state') },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let text = '';
      p.stdout.on('data', (d) => {
        text += d;
        if (text.includes('\n')) resolve({ p, info: JSON.parse(text.split('\n')[0]) });
      });
      p.on('exit', (c) => reject(new Error(`sandbox exited ${c}`)));
    });
  let sb = await startSandbox(0, 0);
  const port = new URL(sb.info.url).port;
  const statusPort = new URL(sb.info.statusUrl).port;
  const shim = winPath(join(root, 'test', 'windows', 'keepalive-shim.cjs'));
  const bin = winPath(join(root, 'bin', 'ic-support.cjs'));

  for (const line of ['22', '20']) {
    const version = line === '22' ? '22.23.3' : '20.20.2';
    const nodeExe = nodeBinary('win-x64', version);
    const state = join(stateLinux, `node ${line}`);
    const env = wineEnv({
      IC_SUPPORT_CONFIG_DIR: winPath(state),
      IC_SUPPORT_PORTAL_URL: sb.info.url,
      IC_SUPPORT_NOTIFICATIONS_URL: sb.info.statusUrl,
    });
    const cli = (args, { env: extra, ...o } = {}) =>
      runTo(wine, [nodeExe, '--no-network-family-autoselection', '--require', shim, bin, ...args], {
        env: { ...env, ...extra },
        ...o,
      });
    const tag = `Windows Node ${line}:`;

    const paths = line === '22' ? commandsOf(cli) : [['case'], ['case', 'submit'], ['outbox', 'send']];
    for (const path of paths) {
      const r = cli([...path, '--help']);
      check(`${tag} ${path.join(' ')} --help`, r.code === 0 && r.stdout.includes('Usage: ic-support'), r.stderr);
    }
    const f = cli(['case', 'fields', 'data-restore']);
    check(`${tag} case fields`, f.code === 0 && f.stdout.includes('Data Restore'), f.stderr);
    const tpl = cli(['case', 'template', 'ask-a-question']);
    check(`${tag} case template`, tpl.code === 0 && tpl.stdout.includes('caseType: ask-a-question'), tpl.stderr);

    // A case file as Windows PowerShell 5.1's `>` writes it: UTF-16LE with a BOM and CRLF.
    const caseText = [
      'caseType: ask-a-question',
      'account: Bayside School (TESTING)',
      'module: Attendance',
      `subject: Fichier UTF-16 de Node ${line}`,
      'description: |-',
      '  Première ligne, écrite par PowerShell 5.1.',
      '  Seconde ligne — avec des guillemets “ainsi”.',
      '',
    ].join('\r\n');
    const caseFile = join(files, `cas ${line} (UTF-16).yaml`);
    writeFileSync(caseFile, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(caseText, 'utf16le')]));
    const val = cli(['case', 'validate', winPath(caseFile)]);
    check(
      `${tag} case validate (UTF-16, CRLF, a path with spaces and accents)`,
      val.code === 0,
      val.stdout + val.stderr,
    );
    const lint = cli(['case', 'lint', winPath(caseFile)]);
    check(`${tag} case lint`, lint.code === 0, lint.stderr);

    const cs = cli(['config', 'set', 'account', 'Bayside School (TESTING)']);
    const cg = cli(['config', 'get', 'account']);
    check(
      `${tag} config set/get`,
      cs.code === 0 && cg.stdout.trim() === 'Bayside School (TESTING)',
      cs.stderr + cg.stderr,
    );
    const ps = cli(['--profile', 'other', 'config', 'set', 'output', 'json']);
    const pl = cli(['--profile', 'other', 'config', 'list']);
    check(`${tag} a second profile`, ps.code === 0 && pl.stdout.includes('json'), ps.stderr + pl.stderr);

    // Hints name PowerShell's commands on Windows (src/text/shell-commands.ts).
    const broken = join(stateLinux, `cassé ${line}`);
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'config.json'), '{ not json');
    const bc = cli(['config', 'list'], { env: { IC_SUPPORT_CONFIG_DIR: winPath(broken) } });
    check(
      `${tag} a broken config.json: the hint says Move-Item, not mv`,
      bc.code === 2 && bc.stderr.includes(`Move-Item -LiteralPath '${winPath(join(broken, 'config.json'))}'`),
      bc.stderr,
    );
    const bt = cli(['case', 'list'], { env: { IC_SUPPORT_TOKEN: 'not-a-real-token-123456' } });
    check(
      `${tag} a refused IC_SUPPORT_TOKEN: the hint says Remove-Item Env:IC_SUPPORT_TOKEN, not unset`,
      bt.code === 3 &&
        bt.stderr.includes('Remove-Item Env:IC_SUPPORT_TOKEN') &&
        !bt.stderr.includes('unset IC_SUPPORT_TOKEN'),
      bt.stderr,
    );

    const login = cli(['login', '--email', sb.info.demo.email, '--password-stdin'], {
      input: `${sb.info.demo.password}\r\n`,
    });
    check(`${tag} login --password-stdin (CRLF)`, login.code === 0, login.stderr);

    const byFlags = cli([
      'case',
      'submit',
      'ask-a-question',
      '--module',
      'Attendance',
      '--subject',
      `Par les options, Node ${line}`,
      '--description',
      'Filed from Windows Node under Wine with flags only.',
    ]);
    const number = byFlags.stdout.trim().split(/\s+/)[0];
    check(`${tag} case submit (flags)`, byFlags.code === 0 && /^\d{8}$/.test(number), byFlags.stderr);
    const byFile = cli(['case', 'submit', '--from-file', winPath(caseFile)]);
    check(`${tag} case submit --from-file (UTF-16)`, byFile.code === 0, byFile.stderr);
    const batch = join(files, `lot ${line}.ndjson`);
    writeFileSync(
      batch,
      [1, 2]
        .map((i) =>
          JSON.stringify({
            caseType: 'ask-a-question',
            module: 'Attendance',
            subject: `Lot CRLF ${line} n°${i}`,
            description: 'One of two cases of a CRLF batch.',
          }),
        )
        .join('\r\n') + '\r\n',
    );
    const b = cli(['case', 'submit', '--batch', winPath(batch)]);
    check(`${tag} case submit --batch (CRLF)`, b.code === 0, b.stderr);

    const list = cli(['case', 'list']);
    check(
      `${tag} case list`,
      list.code === 0 &&
        list.stdout.includes(`Fichier UTF-16 de Node ${line}`) &&
        list.stdout.includes(`Lot CRLF ${line} n°2`),
      list.stdout + list.stderr,
    );
    const show = cli(['case', 'show', number, '--json']);
    let shown;
    try {
      shown = JSON.parse(show.stdout);
    } catch {
      shown = undefined;
    }
    check(`${tag} case show`, show.code === 0 && shown !== undefined, show.stderr);
    const fileShow = cli(['case', 'list', '--json']);
    let utf16Desc = '';
    try {
      const all = JSON.parse(fileShow.stdout);
      const c = all.find((x) => x.subject === `Fichier UTF-16 de Node ${line}`);
      const full = JSON.parse(cli(['case', 'show', c.number, '--json']).stdout);
      utf16Desc = JSON.stringify(full);
    } catch {
      utf16Desc = '';
    }
    check(
      `${tag} the UTF-16 file's text stored as written (no BOM, no CR)`,
      utf16Desc.includes('Première ligne, écrite par PowerShell 5.1.\\nSeconde ligne — avec des guillemets “ainsi”.'),
      utf16Desc.slice(0, 300),
    );

    const comment = join(files, `commentaire ${line}.txt`);
    writeFileSync(
      comment,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Un commentaire\r\nsur deux lignes.\r\n')]),
    );
    const cm = cli(['case', 'comment', number, '--body-file', winPath(comment)]);
    check(`${tag} case comment --body-file (UTF-8 BOM, CRLF)`, cm.code === 0, cm.stderr);
    const att = join(files, `pièce jointe ${line}.txt`);
    writeFileSync(att, 'attached from Windows\r\n');
    const at = cli(['case', 'attach', number, winPath(att)]);
    check(`${tag} case attach`, at.code === 0, at.stderr);
    const into = join(files, `téléchargé ${line}`);
    const dl = cli(['case', 'download', number, '--dir', winPath(into)]);
    check(
      `${tag} case download`,
      dl.code === 0 && existsSync(join(into, `pièce jointe ${line}.txt`)),
      dl.stdout + dl.stderr,
    );

    // Drafts: a case that cannot be filed as given is kept, not lost.
    const bad = cli(['case', 'submit', 'ask-a-question', '--subject', 'Sans description', '--module', 'Attendance']);
    const drafts = cli(['case', 'drafts']);
    check(
      `${tag} case drafts`,
      bad.code !== 0 && drafts.code === 0,
      `submit ${bad.code}: ${bad.stderr}\ndrafts ${drafts.code}: ${drafts.stdout}${drafts.stderr}`,
    );

    // The outbox across a stopped portal: queued (exit 9), then sent once when it answers again.
    sb.p.kill('SIGTERM');
    await new Promise((r) => sb.p.once('exit', r));
    const queued = cli(
      [
        'case',
        'submit',
        'ask-a-question',
        '--module',
        'Attendance',
        '--subject',
        `Dans la boîte d’envoi ${line}`,
        '--description',
        'Queued while the portal was stopped.',
      ],
      { timeoutMs: 240_000 },
    );
    check(`${tag} case submit with the portal stopped: exit 9 (queued)`, queued.code === 9, queued.stderr);
    const waiting = cli(['outbox', 'list']);
    check(
      `${tag} outbox list`,
      waiting.code === 0 && waiting.stdout.includes(`Dans la boîte`),
      waiting.stdout + waiting.stderr,
    );
    sb = await startSandbox(port, statusPort);
    const sent = cli(['outbox', 'send']);
    check(`${tag} outbox send once the portal answers`, sent.code === 0, sent.stderr);

    const n = cli(['notifications']);
    check(`${tag} notifications`, n.code === 0, n.stderr);
    const nc = cli(['notifications', '--check']);
    check(
      `${tag} notifications --check (0, 11 or 12)`,
      [0, 11, 12].includes(nc.code) && /^IC-SUPPORT (OK|WARNING|CRITICAL)/.test(nc.stdout),
      nc.stdout + nc.stderr,
    );
  }
  sb.p.kill('SIGTERM');
  spawnSync('wineserver', ['-k'], { env: wineEnv() });
}

rmSync(scratch, { recursive: true, force: true });
const seconds = Math.round((Date.now() - started) / 1000);
mkdirSync(join(root, '.tmp'), { recursive: true });
writeFileSync(join(root, '.tmp', 'windows-tier.json'), `${JSON.stringify({ passed, failed, seconds })}\n`);
console.log(
  `windows tier: ${passed} passed, ${failed} failed in ${seconds} s${failures.length ? `\nfailed: ${failures.join('; ')}` : ''}`,
);
process.exit(failed ? 1 : 0);
