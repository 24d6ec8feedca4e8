/**
 * Batch timestamps come in as ISO strings (or Dates); lake files store them as TIMESTAMP in
 * UTC. Normalise in one place so '2025-06-01T12:00:00Z' and a Date for the same instant write
 * identical bytes.
 */
export function normalizeIngestTs(value: string | Date): string {
  const date = value instanceof Date ? value : new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) || !/T|\s/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid ingestTs ${JSON.stringify(value)}: expected an ISO timestamp`);
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** 'YYYY-MM-DD' of a normalised timestamp. */
export function dateOf(normalizedTs: string): string {
  return normalizedTs.slice(0, 10);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkIsoDate(value: string, what: string): string {
  if (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new Error(`${what}: expected YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** yyyymmdd integer of an ISO date, N days earlier (UTC arithmetic: no DST surprises). */
export function dateKey(isoDate: string, minusDays = 0): number {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - minusDays);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

export function dateFromKey(key: number): string {
  const s = String(key).padStart(8, '0');
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
