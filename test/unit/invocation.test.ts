// Issue 26 §14: the commands a message suggests are runnable as printed: through npx when run
// through npx, with the --profile and --sandbox given (src/cli/invocation.ts).
import { describe, expect, it } from 'vitest';
import { invocation, repeatedFlags, runnable, throughNpx } from '../../src/cli/invocation.js';
import { COMMAND_WORDS } from '../../src/cli/program.js';

const npxEnv = { npm_command: 'exec', npm_lifecycle_event: 'npx' };

describe('how the run was invoked', () => {
  it('npx (and npm exec) by the environment npm gives the child, or a script in npx cache', () => {
    expect(throughNpx(npxEnv, '/usr/bin/ic-support')).toBe(true);
    expect(throughNpx({}, '/home/a/.npm/_npx/1a2b/node_modules/ic-support/bin/ic-support.cjs')).toBe(true);
    expect(throughNpx({}, '/usr/local/bin/ic-support')).toBe(false);
    // npm run (a package script) is not npx: ic-support is on that script's PATH.
    expect(throughNpx({ npm_command: 'run-script', npm_lifecycle_event: 'file' }, undefined)).toBe(false);
  });

  it("repeats --profile and --sandbox as given, once each; a verb's words after -- are not flags", () => {
    expect(repeatedFlags(['--profile', 'work', 'case', 'list'])).toEqual(['--profile', 'work']);
    // Given twice: the one commander uses, the last.
    expect(repeatedFlags(['--profile', 'home', '--sandbox', '--profile', 'work', 'case', 'list'])).toEqual([
      '--profile',
      'work',
      '--sandbox',
    ]);
    expect(repeatedFlags(['--profile=work', '--sandbox', 'case', 'show', '1'])).toEqual([
      '--profile',
      'work',
      '--sandbox',
    ]);
    expect(repeatedFlags(['case', 'list'])).toEqual([]);
    expect(repeatedFlags(['case', 'comment', '1', '--', '--sandbox'])).toEqual([]);
  });
});

describe('runnable', () => {
  const run = (text: string, env: NodeJS.ProcessEnv, argv: string[]) =>
    runnable(text, invocation(env, argv, undefined), COMMAND_WORDS);

  it('leaves the text as written for a plain run', () => {
    const t = 'Sign in with: ic-support login';
    expect(run(t, {}, ['case', 'list'])).toBe(t);
  });

  it('uses npx ic-support when run through npx, and keeps --profile and --sandbox', () => {
    expect(run('Sign in with: ic-support login', npxEnv, ['case', 'list'])).toBe('Sign in with: npx ic-support login');
    expect(run('Send it later with: ic-support outbox send', {}, ['--profile', 'work', 'case', 'submit'])).toBe(
      'Send it later with: ic-support --profile work outbox send',
    );
    expect(
      run('See the case again with: ic-support case show 1042\nor: ic-support case list', npxEnv, [
        '--sandbox',
        '--profile',
        'my district',
        'case',
        'show',
      ]),
    ).toBe(
      "See the case again with: npx ic-support --sandbox --profile 'my district' case show 1042\nor: npx ic-support --sandbox --profile 'my district' case list",
    );
  });

  it('adds no flag the suggestion already gives, and no --sandbox to the sandbox command itself', () => {
    expect(
      run(
        'Set one with: ic-support config set portalUrl https://… --profile work (or IC_SUPPORT_PORTAL_URL); to rehearse: ic-support --sandbox <command>',
        npxEnv,
        ['--profile', 'work', '--sandbox', 'case', 'list'],
      ),
    ).toBe(
      'Set one with: npx ic-support --sandbox config set portalUrl https://… --profile work (or IC_SUPPORT_PORTAL_URL); to rehearse: npx ic-support --profile work --sandbox <command>',
    );
    expect(run('Start one with: ic-support sandbox', {}, ['--sandbox', 'case', 'list'])).toBe(
      'Start one with: ic-support sandbox',
    );
  });

  it('leaves prose that only names the tool alone', () => {
    for (const t of [
      "ic-support opens only https pages on the portal's own host.",
      'This is a bug in ic-support. Run again with IC_SUPPORT_DEBUG=1',
      'IC-SUPPORT OK - no open notifications',
    ])
      expect(run(t, npxEnv, ['--profile', 'work'])).toBe(t);
  });
});
