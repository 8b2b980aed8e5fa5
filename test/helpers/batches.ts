/** Batches of cases for delivery tests, the sandbox's fault switch, and exactly-once counts. */
import { expect } from 'vitest';
import { apiClient, type SandboxProcess } from './sandbox.js';
import { subjectCounts } from './sandbox-db.js';

/** `n` distinct Ask a Question cases as NDJSON, subjects "<tag> question 0000" … */
export function batchLines(tag: string, n: number, from = 0): string {
  const lines: string[] = [];
  for (let i = from; i < from + n; i++) {
    lines.push(
      JSON.stringify({
        caseType: 'ask-a-question',
        account: 'Bayside School (TESTING)',
        module: 'Scheduling',
        subject: `${tag} question ${String(i).padStart(4, '0')}`,
        description: `Question ${i} of a batch: how do counselors at Bayside request a schedule change this term?`,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Each of the `n` subjects of `tag` is in the sandbox's database exactly once. */
export function expectEachOnce(dataDir: string, tag: string, n: number): void {
  const counts = subjectCounts(dataDir, `${tag} %`);
  const dupes = [...counts].filter(([, c]) => c !== 1);
  expect(dupes, `${tag}: cases filed more than once`).toEqual([]);
  expect(counts.size, `${tag}: cases filed`).toBe(n);
}

/** Replaces the sandbox's fault settings (null clears them); returns the counters of the old ones. */
export async function setFaults(
  sb: SandboxProcess,
  config: Record<string, unknown> | null,
): Promise<Record<string, number>> {
  const api = apiClient(sb);
  const before = await api.call<{ counters: Record<string, number> }>('GET', '/sandbox/v1/faults', { admin: true });
  const r = config
    ? await api.call('PUT', '/sandbox/v1/faults', { admin: true, body: config })
    : await api.call('DELETE', '/sandbox/v1/faults', { admin: true });
  expect([200, 204]).toContain(r.status);
  return before.body.counters;
}
