/** A case filed through the CLI for a test that needs one of its own (the seed may change). */
import { expect } from 'vitest';
import { runCli } from './cli.js';

export async function fileServerIssue(
  env: Record<string, string>,
  subject = 'Nightly export stops at 2 AM',
): Promise<string> {
  const filed = await runCli(
    [
      ...serverIssueArgs(subject, 'The nightly export to the state stops at 2 AM at the district office since Monday.'),
      '--json',
    ],
    { env },
  );
  expect(filed.code, filed.stderr).toBe(0);
  return (JSON.parse(filed.stdout) as { number: string }).number;
}

/** `case submit`'s arguments for a Server Issue at the sandbox's Bayside School, in the Reports module. */
export function serverIssueArgs(subject: string, description: string): string[] {
  return [
    'case',
    'submit',
    'server-issue',
    '--account',
    'Bayside School (TESTING)',
    '--module',
    'Reports',
    '--subject',
    subject,
    '--description',
    description,
  ];
}

/** `case submit`'s arguments for a question (Ask a Question) about a module, in the caller's own district. */
export function questionArgs(module: string, subject: string, description: string): string[] {
  return ['case', 'submit', 'ask-a-question', '--module', module, '--subject', subject, '--description', description];
}

/** `case submit`'s arguments for an outage at the sandbox's Bayside School, for tests that run the built CLI their own way. */
export function outageArgs(
  subject: string,
  description = 'Since 7:40 this morning nobody in the district office can log in to Campus.',
): string[] {
  return [
    'case',
    'submit',
    'report-an-outage',
    '--account',
    'Bayside School (TESTING)',
    '--subject',
    subject,
    '--description',
    description,
  ];
}
