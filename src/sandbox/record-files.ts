/**
 * The sandbox's own small files (sandbox.json, admin-key): a few hundred bytes each, read capped.
 * Light on purpose: `ic-support sandbox` admin verbs read them without loading the sandbox itself.
 */
import type { ReadLimit } from '../io/bounded-read.js';

export const SANDBOX_FILE_LIMIT: ReadLimit = {
  bytes: 64 * 1024,
  what: "a sandbox's record file",
  hint: 'ic-support sandbox writes it; remove it and start the sandbox again (ic-support sandbox --reset).',
};
