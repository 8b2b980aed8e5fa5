/** Shared pieces of the fault suite (most live in test/helpers: batches, faults, sign-in). */
import { expect } from 'vitest';
import { signedInEnv as signIn, type SandboxProcess } from '../helpers/sandbox.js';

export { batchLines, expectEachOnce, setFaults } from '../helpers/batches.js';

export type Env = Record<string, string>;

export async function signedInEnv(sb: SandboxProcess, stateDir: string): Promise<Env> {
  return (await signIn(sb, stateDir)).env;
}

/** No stack trace, no "internal error": what a user must never see. */
export function expectNoCrash(stderr: string): void {
  expect(stderr).not.toContain('\n    at ');
  expect(stderr).not.toMatch(/internal error/i);
}
