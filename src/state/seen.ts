/**
 * What the last listings saw (case numbers with their subjects, notification ids with their
 * titles), kept per profile in the state folder so that shell completion can offer them without
 * asking the portal. A cache only: failing to write it never fails a command, and anything odd in
 * it reads as nothing.
 */
import { join } from 'node:path';
import { paths } from '../config/paths.js';
import { readJson, writeCacheFileAtomic } from './atomic.js';

export interface SeenItem {
  id: string;
  /** Shown beside the id by shells that can (zsh, fish): a subject or a title. */
  label: string;
}

type Kind = 'cases' | 'notifications';
/** Enough for completion; a listing of thousands keeps its first (most recent) ones. */
const KEEP = 200;

const file = (env: NodeJS.ProcessEnv, profile: string): string => join(paths(env).cache, `seen-${profile}.json`);

function readAll(env: NodeJS.ProcessEnv, profile: string): Partial<Record<Kind, SeenItem[]>> {
  try {
    const data = readJson(file(env, profile));
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Partial<Record<Kind, SeenItem[]>>)
      : {};
  } catch {
    return {};
  }
}

export function recall(env: NodeJS.ProcessEnv, profile: string, kind: Kind): SeenItem[] {
  const items = readAll(env, profile)[kind];
  if (!Array.isArray(items)) return [];
  return items.filter(
    (i): i is SeenItem => typeof i?.id === 'string' && typeof i.label === 'string' && /^[\w.-]{1,64}$/.test(i.id),
  );
}

/** Replaces what was seen of `kind`; errors go to `debug` (a read-only state folder must not fail a listing). */
export function remember(
  env: NodeJS.ProcessEnv,
  profile: string,
  kind: Kind,
  items: SeenItem[],
  debug: (line: string) => void = () => undefined,
): void {
  try {
    const all = readAll(env, profile);
    const before = JSON.stringify(all[kind]);
    all[kind] = items
      .slice(0, KEEP)
      // eslint-disable-next-line no-control-regex -- control characters are what is removed
      .map((i) => ({ id: i.id, label: i.label.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').slice(0, 80) }));
    // The same listing again (monitoring every minute) writes nothing.
    if (JSON.stringify(all[kind]) === before) return;
    writeCacheFileAtomic(file(env, profile), `${JSON.stringify(all, null, 2)}\n`);
  } catch (e) {
    debug(`completion cache not written: ${(e as Error).message}`);
  }
}
