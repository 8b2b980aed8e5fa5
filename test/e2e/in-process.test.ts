/**
 * The in-process tier itself (test/helpers/cli.ts runCli): many runs in one process stay apart.
 * Each reads relative paths from its own folder (not the process's), leaves no signal handler
 * behind, and takes its settings from its own environment, never from an earlier run's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();
let work: { path: string; cleanup: () => void };
beforeAll(() => {
  work = tempDir('ic-inproc-');
});
afterAll(() => work?.cleanup());

const QUESTION =
  'caseType: ask-a-question\naccount: Bayside School (TESTING)\nmodule: Scheduling\nsubject: Counselor schedule change requests\ndescription: How do counselors at Bayside request a schedule change this term, and who approves it?\n';

describe('runs in one process stay apart', () => {
  it('relative paths are read from the run’s folder: a case file, its attachments, --attach, --body-file, --batch, --data-dir', async () => {
    const here = join(work.path, 'here');
    mkdirSync(here);
    writeFileSync(join(here, 'question.yaml'), `${QUESTION}attachments: [notes.txt]\n`);
    writeFileSync(join(here, 'notes.txt'), 'schedule notes\n');
    writeFileSync(join(here, 'comment.txt'), 'Read from the run’s own folder.\n');
    writeFileSync(
      join(here, 'batch.ndjson'),
      `${JSON.stringify({ caseType: 'ask-a-question', account: 'Bayside School (TESTING)', module: 'Scheduling', subject: 'Batch read from a relative path', description: 'Which folder is this batch read from, the run’s or the process’s?' })}\n`,
    );
    const env = { ...s.env };
    const valid = await runCli(['case', 'validate', 'question.yaml'], { env, cwd: here });
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stderr).toBe('question.yaml: a valid Ask a Question case.\n');
    expect(valid.stdout).toBe('');
    // The same relative name from another folder is not there.
    const elsewhere = await runCli(['case', 'validate', 'question.yaml'], { env, cwd: work.path });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('question.yaml');

    const filed = await runCli(
      ['case', 'submit', '--from-file', 'question.yaml', '--attach', 'comment.txt', '--json'],
      { env, cwd: here },
    );
    expect(filed.code, filed.stderr).toBe(0);
    const number = (JSON.parse(filed.stdout) as { number: string }).number;
    const comment = await runCli(['case', 'comment', number, '--body-file', 'comment.txt'], { env, cwd: here });
    expect(comment.code, comment.stderr).toBe(0);
    const stored = await s.api.call('GET', `/api/v1/cases/${number}/attachments`, { token: s.token });
    expect((stored.body.attachments as { filename: string }[]).map((a) => a.filename).sort()).toEqual([
      'comment.txt',
      'notes.txt',
    ]);
    const thread = await s.api.call('GET', `/api/v1/cases/${number}/comments`, { token: s.token });
    expect(JSON.stringify(thread.body)).toContain('Read from the run’s own folder.');

    const batch = await runCli(['case', 'submit', '--batch', 'batch.ndjson', '--dry-run'], { env, cwd: here });
    expect(batch.code, batch.stderr).toBe(0);
    // The sandbox's --data-dir too.
    const admin = await runCli(['sandbox', 'faults', 'show', '--data-dir', basename(s.sb.dataDir)], {
      env,
      cwd: dirname(s.sb.dataDir),
    });
    expect(admin.code, admin.stderr).toBe(0);
  });

  it('leaves no SIGINT or SIGTERM handler behind', async () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    for (const args of [
      ['case', 'list'],
      ['notifications', '--check'],
      ['case', 'watch'],
    ])
      await runCli(args, { env: s.env });
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });

  it('takes its settings from its own environment: a later run does not see an earlier run’s', async () => {
    const a = tempDir();
    const b = tempDir();
    try {
      expect((await runCli(['config', 'set', 'portalUrl', s.sb.url], { env: baseEnv(a.path) })).code).toBe(0);
      const other = await runCli(['config', 'get', 'portalUrl'], { env: baseEnv(b.path) });
      expect(other.stdout).not.toContain(s.sb.url);
      expect((await runCli(['config', 'get', 'portalUrl'], { env: baseEnv(a.path) })).stdout).toContain(s.sb.url);
      // The time zone too: the same instant, two zones, one process.
      const chicago = await runCli(['notifications', 'show', 'ntf_maintenance'], {
        env: { ...s.env, TZ: 'America/Chicago' },
      });
      const tokyo = await runCli(['notifications', 'show', 'ntf_maintenance'], { env: { ...s.env, TZ: 'Asia/Tokyo' } });
      expect(chicago.code, chicago.stderr).toBe(0);
      expect(chicago.stdout).toMatch(/C[SD]T/);
      expect(tokyo.stdout).toMatch(/JST|GMT\+9/);
      expect(tokyo.stdout).not.toMatch(/C[SD]T/);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });
});
