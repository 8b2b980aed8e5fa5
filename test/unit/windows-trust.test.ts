// The state folder's protection on Windows (issue 28 §2), checked the way that platform allows:
// Node cannot read ACLs, so links and junctions and whose profile a folder is in are what is checked.
// The check is a function of paths, run here on a tree laid out as C:\Users is.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { windowsTrustProblem } from '../../src/config/trust.js';

const root = tempDir();
afterAll(() => root.cleanup());
const users = join(root.path, 'Users');
const me = join(users, 'Zack');
const other = join(users, 'Screech');
for (const d of [join(me, 'AppData', 'ic-support'), join(other, 'AppData', 'ic-support'), join(users, 'Public', 'x')])
  mkdirSync(d, { recursive: true });
writeFileSync(join(other, 'AppData', 'ic-support', 'credentials.json'), '{}');

describe('windowsTrustProblem', () => {
  it('accepts a folder in your own profile and one outside every profile', () => {
    expect(windowsTrustProblem(join(me, 'AppData', 'ic-support'), 'folder', me)).toBeUndefined();
    expect(windowsTrustProblem(root.path, 'folder', me)).toBeUndefined();
    expect(windowsTrustProblem(join(me.toUpperCase(), 'nope'), 'folder', me)).toBeUndefined();
  });

  it("refuses a folder in another user's profile, Public included, and one reached through a link into it", () => {
    const p = windowsTrustProblem(join(other, 'AppData', 'ic-support'), 'folder', me);
    expect(p?.message).toContain(`is in the profile folder of another user (${other})`);
    expect(p?.hint).toContain(`under ${me}`);
    expect(windowsTrustProblem(join(users, 'Public', 'x'), 'folder', me)?.message).toContain('another user');
    const link = join(me, 'AppData', 'linked');
    symlinkSync(join(other, 'AppData', 'ic-support'), link);
    expect(windowsTrustProblem(link, 'folder', me)?.message).toContain('another user');
  });

  it('refuses credentials that are a link (a junction reads as one), naming a PowerShell command', () => {
    const creds = join(me, 'AppData', 'ic-support', 'credentials.json');
    symlinkSync(join(other, 'AppData', 'ic-support', 'credentials.json'), creds);
    const p = windowsTrustProblem(creds, 'secret file', me);
    expect(p?.message).toContain('is a link or junction');
    expect(p?.hint).toBe(`Remove the link and sign in again: Remove-Item -LiteralPath '${creds}'; ic-support login`);
  });
});
