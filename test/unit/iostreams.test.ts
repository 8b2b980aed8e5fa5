// The terminal I/O asks the process for a stream only when a command uses it: making one costs
// ~2 ms of start-up (stdin from a file loads fs/promises and readline; a pipe loads node:net).
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { systemIO } from '../../src/io/iostreams.js';

function countedStreams() {
  const asked = { stdin: 0, stdout: 0, stderr: 0 };
  const made = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  const streams = {
    get stdin() {
      asked.stdin++;
      return made.stdin;
    },
    get stdout() {
      asked.stdout++;
      return made.stdout;
    },
    get stderr() {
      asked.stderr++;
      return made.stderr;
    },
  };
  return { asked, made, streams };
}

describe('systemIO', () => {
  it('makes no stream until one is used, and each once', () => {
    const { asked, made, streams } = countedStreams();
    let written = '';
    made.stdout.on('data', (d: Buffer) => (written += d.toString()));
    const io = systemIO({ env: {}, streams });
    expect(asked).toEqual({ stdin: 0, stdout: 0, stderr: 0 });
    expect(io.colorOut).toBe(false);
    io.out('a');
    io.out('b');
    expect(written).toBe('ab');
    expect(asked).toEqual({ stdin: 0, stdout: 1, stderr: 0 });
    expect(io.canPrompt()).toBe(false);
    expect(asked.stdin).toBe(0);
    expect(io.stdin).toBe(made.stdin);
    expect(io.stderr).toBe(made.stderr);
    expect(asked).toEqual({ stdin: 1, stdout: 1, stderr: 1 });
  });

  it('reads TTY-ness and width from the streams it is given', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const io = systemIO({
      env: {},
      streams: { stdin: Object.assign(new PassThrough(), { isTTY: true }), stdout: tty, stderr: tty },
    });
    expect([io.stdoutIsTTY, io.stderrIsTTY, io.stdinIsTTY, io.columns, io.colorOut, io.canPrompt()]).toEqual([
      true,
      true,
      true,
      120,
      true,
      true,
    ]);
    const piped = systemIO({
      env: {},
      streams: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() },
    });
    expect([piped.stdoutIsTTY, piped.columns, piped.colorOut, piped.canPrompt()]).toEqual([false, 80, false, false]);
  });
});
