// A script's `--jq '.number'` on a case that waits in the outbox (exit 9, issue 28 §5): nothing on
// standard output, not "null" (a script would take "null" as a case number); fields that exist
// (the outbox id) still print.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/cli.js';
import { signedInEnv, startSandbox } from '../helpers/sandbox.js';
import { outageArgs } from '../helpers/filed-case.js';

let dir: { path: string; cleanup: () => void };
let env: Record<string, string>;
beforeAll(async () => {
  dir = tempDir();
  const sb = await startSandbox();
  env = { ...(await signedInEnv(sb, join(dir.path, 'state'))).env, IC_SUPPORT_HTTP_RETRIES: '0' };
  await sb.stop(); // the portal is gone: the case is queued
  sb.cleanup();
});
afterAll(() => dir.cleanup());

const submit = (jq: string) =>
  runCli(
    [...outageArgs('Campus unreachable', 'Nobody in the district can reach the login page since 7:40.'), '--jq', jq],
    { env },
  );

describe('case submit --jq when the case is queued', () => {
  it('prints nothing for .number, and the outbox id for .outboxId', async () => {
    const r = await submit('.number');
    expect(r.stderr).toContain('waits in the outbox');
    expect(r.code).toBe(9);
    expect(r.stdout).toBe('');
    const id = await submit('.outboxId');
    expect(id.code).toBe(9);
    expect(id.stdout).toMatch(/^\S+\n$/);
  });
});
