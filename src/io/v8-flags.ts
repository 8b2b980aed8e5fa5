/**
 * The V8 flags this process changed after it started, for the code cache (compile-cache.ts): V8
 * rejects a cache made under other flags, so a chunk loaded after a change (the portal client's
 * baseline-only WebAssembly compiler, src/portal/dispatcher.ts) keeps a cache of its own for
 * that state. One cache for both would be rejected and rewritten at every switch between a
 * command that talks to the portal and one that does not. Light: node:v8 loads only to set a flag.
 */
import type V8 from 'node:v8';

let changed = '';
const before: (() => void)[] = [];

/** Runs `f` just before the next change of flags (the code cache makes its caches then). */
export function beforeV8FlagsChange(f: () => void): void {
  before.push(f);
}

/** A file-name-safe tag of the changed flags; empty while none was changed. */
export function v8FlagsTag(): string {
  // Asked for every chunk a command loads; while no flag changed (always, before a portal
  // request) it must not cost two regular expressions each time.
  return changed === '' ? '' : changed.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Sets V8 flags now, with node:v8 already loaded, and records them. */
export function changeV8Flags(v8: typeof V8, flags: string): void {
  for (const f of before) f();
  v8.setFlagsFromString(flags);
  changed += flags;
}

/** Sets V8 flags now, and records them (a chunk loaded after them has a code cache of its own). */
export async function setV8Flags(flags: string): Promise<void> {
  changeV8Flags((await import('node:v8')).default, flags);
}
