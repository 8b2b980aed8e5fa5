/**
 * Sizes the portal accepts, in one place: the CLI checks them before anything is sent, and the
 * sandbox enforces the same numbers (it must not trust the client).
 */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** Attachments one submission may carry (more can be added later with `case attach`). */
export const MAX_ATTACHMENTS_PER_CASE = 10;
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Sizes as people read them: 512 B, 4.2 KiB, 25.0 MiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
