/**
 * Bounded memory for large uploads. A file streamed from disk is read in 64 KiB buffers that V8
 * counts as "external" memory and collects only when that has grown by about 64 MiB, so a 24 MiB
 * upload left ~55 MiB of spent buffers around. A minor collection after every 2 MiB sent frees
 * them as they are spent (a millisecond or so each); measured with --verbose: JS buffers stay
 * under 2 MiB throughout, and the process's peak grows by ~1 MiB per MiB of file (the C
 * allocator keeps freed pages a while), about half of what it was. test/e2e/delivery.test.ts
 * measures it.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

type Gc = (opts?: { type?: 'minor' | 'major' }) => void;
let gc: Gc | null | undefined;

function collector(): Gc | null {
  if (gc !== undefined) return gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as Gc;
  } catch {
    gc = null;
  }
  return gc;
}

/** Returns a function to call with each chunk's size; it collects after every `bytes` bytes. */
export function collectEvery(bytes: number): (n: number) => void {
  let since = 0;
  return (n) => {
    since += n;
    if (since < bytes) return;
    since = 0;
    collector()?.({ type: 'minor' });
  };
}
