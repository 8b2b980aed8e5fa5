/** The fault settings the admin API answers with, in two lines (set and show print them). */
export interface FaultState {
  faults: Record<string, unknown>;
  counters: Record<string, number>;
}

export const faultLine = (s: FaultState): string => {
  const active = Object.entries(s.faults).filter(([k, v]) =>
    Array.isArray(v)
      ? v.length > 0
      : typeof v === 'number' && v > 0 && !['errorStatus', 'retryAfterSeconds'].includes(k),
  );
  const settings = active.length
    ? active.map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`).join(' ')
    : 'none';
  return `Faults: ${settings}\nInjected: ${Object.entries(s.counters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
};
