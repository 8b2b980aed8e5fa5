/**
 * Sizes of our own making. The attachment limits are not here: they are the portal's (its catalog's
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
