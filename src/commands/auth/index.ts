/** `ic-support auth …`: declarations; each verb runs from its own module. */
import type { Command } from 'commander';
import type { Lazy } from '../../cli/program.js';

export function registerAuth(_program: Command, _lazy: Lazy): void {
  // Declared by the issue that builds it.
}
