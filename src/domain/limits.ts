/**
 * Sizes and waits of our own making. The attachment limits are not here: they are the portal's (its catalog's
 * `limits`, bundled defaults in schemas/catalog.yaml), read through the catalog view.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Sizes as people read them: 512 B, 4.2 KiB, 25.0 MiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}

/**
 * A wait the user sets (the profile's httpTimeout, IC_SUPPORT_HTTP_TIMEOUT): seconds, decimals
 * allowed, 0.1 to 600, as ms, or a message saying what is wrong.
 */
export function parseTimeoutSeconds(raw: string): { ok: true; ms: number } | { ok: false; message: string } {
  const s = Number(raw.trim());
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || s < 0.1 || s > 600)
    return { ok: false, message: `"${raw}" is not a number of seconds from 0.1 to 600` };
  return { ok: true, ms: Math.round(s * 1000) };
}
