// Ctrl-Break on Windows (issue 28 §2) reaches Node as SIGBREAK, which ends a process at once unless
// it is listened to: the commands that keep drafts or stop cleanly on Ctrl-C listen to it too there.
import { describe, expect, it } from 'vitest';
import { interruptSignals } from '../../src/cli/context.js';

describe('interruptSignals', () => {
  it('are Ctrl-C, SIGTERM and, on Windows, Ctrl-Break', () => {
    expect(interruptSignals('win32')).toEqual(['SIGINT', 'SIGTERM', 'SIGBREAK']);
    expect(interruptSignals('linux')).toEqual(['SIGINT', 'SIGTERM']);
    expect(interruptSignals('darwin')).toEqual(['SIGINT', 'SIGTERM']);
  });
});
