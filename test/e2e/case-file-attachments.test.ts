/**
 * A case file's attachments are the user's (issue 25 §3, attack 3): a file the portal's template
 * or anyone else wrote must not upload what the user never chose. A path inside ic-support's state
 * folder (tokens, drafts, caches) is refused; one outside the case file's folder is named in
 * --dry-run and, without a terminal to confirm it, refused with the flag that gives it (--attach).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.js';
import { useSandboxSession } from '../helpers/sandbox.js';
import { VALID } from '../helpers/cases.js';

const session = useSandboxSession();
/** The user's own folder (the session's folder is the state folder). */
let home: { path: string; cleanup: () => void };
beforeAll(() => {
  home = tempDir('ic-support-user-');
});
afterAll(() => home.cleanup());

function caseFile(name: string, attachments: string[]): string {
  const dir = join(home.path, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'note.txt'), 'beside the case file');
  const file = join(dir, 'case.yaml');
  writeFileSync(file, stringify({ ...VALID['ask-a-question'], attachments }));
  return file;
}

describe("a case file's attachments", () => {
  it("never come from ic-support's state folder (a copy of credentials.json, by its path, through .. or a link)", async () => {
    const state = session.env.IC_SUPPORT_CONFIG_DIR!;
    writeFileSync(join(state, 'credentials.json.copy'), '{"secret":"token"}');
    for (const path of [join(state, 'credentials.json.copy'), '../credentials.json.copy']) {
      const file = path.startsWith('..') ? join(state, 'sub', 'case.yaml') : caseFile('state', [path]);
      if (path.startsWith('..')) {
        mkdirSync(join(state, 'sub'), { recursive: true });
        writeFileSync(file, stringify({ ...VALID['ask-a-question'], attachments: [path] }));
      }
      for (const dry of [[], ['--dry-run']]) {
        const r = await runCli(['case', 'submit', '--from-file', file, ...dry], { env: session.env });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain("is inside ic-support's own folder");
      }
    }
    // A link beside the case file is followed to where it points.
    const linked = caseFile('linked', ['link.txt']);
    symlinkSync(join(state, 'credentials.json.copy'), join(home.path, 'linked', 'link.txt'));
    const r = await runCli(['case', 'submit', '--from-file', linked], { env: session.env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("link.txt is inside ic-support's own folder");
  });

  it("outside the case file's folder: named by --dry-run; refused without a terminal, naming --attach", async () => {
    const elsewhere = join(home.path, 'elsewhere.txt');
    writeFileSync(elsewhere, 'a file of the user, elsewhere');
    const file = caseFile('outside', ['note.txt', '../elsewhere.txt']);
    const dry = await runCli(['case', 'submit', '--from-file', file, '--dry-run'], { env: session.env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`attachments[1]: ${elsewhere} is outside the folder of a case file`);
    const r = await runCli(['case', 'submit', '--from-file', file], { env: session.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--attach "${elsewhere}"`);
    // Given on the command line, it is the user's choice: filed, with both files.
    const beside = caseFile('beside', ['note.txt']);
    const ok = await runCli(['case', 'submit', '--from-file', beside, '--attach', elsewhere], { env: session.env });
    expect(ok.code, ok.stderr).toBe(0);
    const c = await session.stored(ok.stdout.split(' ')[0]!);
    expect(c).toBeDefined();
  });
});
