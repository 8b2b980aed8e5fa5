/**
 * The portal's rate limits as its answers state them (IETF httpapi ratelimit-headers draft:
 * `RateLimit-Policy: "default";q=1200;w=60` and `RateLimit: "default";r=3;t=42`, Structured Field
 * Lists), and the pause they ask of the next request. Pure: the client keeps the state and sleeps.
 */

/** A policy's state from one answer: requests left (`r`) and seconds until its window starts again (`t`). */
export interface Quota {
  policy: string;
  remaining: number;
  resetSeconds: number;
  /** The policy's quota (`q` of RateLimit-Policy), when the answer stated it. */
  quota: number | undefined;
}

/** The members of a Structured Field List: split on commas outside quoted strings. */
function members(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted && ch === '\\') {
      cur += ch + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

/** One Item: its name (a String, or a Token in older drafts) and its Integer parameters. */
function item(text: string): { name: string; params: Record<string, number> } | undefined {
  const m = /^("(?:[^"\\]|\\.)*"|[A-Za-z*][\w:/%!#$&'*+.^`|~-]*)((?:\s*;\s*[a-z*][a-z0-9_.*-]*(?:=[^;]*)?)*)$/.exec(
    text,
  );
  if (!m) return undefined;
  const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[1]!;
  const params: Record<string, number> = {};
  for (const p of m[2]!.split(';').slice(1)) {
    const [k, v] = p.split('=').map((x) => x.trim());
    if (k && v !== undefined && /^-?\d{1,15}$/.test(v)) params[k] = Number(v);
  }
  return { name, params };
}

const headerText = (v: string | string[] | undefined): string | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;

/**
 * The policies' states an answer's headers give; [] without them. A malformed item is ignored
 * (the draft says so), and so is one without `r`.
 */
export function readQuotas(headers: Record<string, string | string[] | undefined>): Quota[] {
  const limits = headerText(headers['ratelimit']);
  if (!limits) return [];
  const quotas = new Map<string, number>();
  for (const m of members(headerText(headers['ratelimit-policy']) ?? '')) {
    const i = item(m);
    if (i && i.params.q !== undefined && i.params.q >= 0) quotas.set(i.name, i.params.q);
  }
  const out: Quota[] = [];
  for (const m of members(limits)) {
    const i = item(m);
    const r = i?.params.r;
    if (!i || r === undefined || r < 0) continue;
    const t = i.params.t;
    out.push({
      policy: i.name,
      remaining: r,
      resetSeconds: t !== undefined && t >= 0 ? t : 0,
      quota: quotas.get(i.name),
    });
  }
  return out;
}

/**
 * When requests left are "low": a twentieth of the quota (60 of 1,200), at least 2; 5 when the
 * portal states no quota.
 */
export const lowMark = (q: Quota): number => (q.quota === undefined ? 5 : Math.max(2, Math.ceil(q.quota / 20)));

/**
 * The pause before the next request under one policy, `elapsedMs` after the answer that stated
 * it, with `sentSince` requests sent since: none while plenty is left; when little is left, what
 * is left spread evenly over what remains of the window; nothing left, the window's end.
 */
export function pauseMs(q: Quota, elapsedMs: number, sentSince: number): number {
  const windowLeftMs = q.resetSeconds * 1000 - elapsedMs;
  if (windowLeftMs <= 0) return 0;
  const left = q.remaining - sentSince;
  if (left >= lowMark(q)) return 0;
  if (left <= 0) return windowLeftMs;
  return Math.ceil(windowLeftMs / (left + 1));
}
