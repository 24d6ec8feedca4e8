import type { ObjectStore } from '@medallion/lake';
import type { RejectedRow } from '@medallion/ohlcv';
import { QUARANTINE_PREFIX } from './keys';

/**
 * Rejected rows, one NDJSON record each (source, reason, raw), counted by reason. The file is named
 * by what was read (a chunk of sessions, an imported symbol), so a re-run replaces it instead of doubling it.
 */
export async function quarantineRows(lake: ObjectStore, name: string, rows: RejectedRow[]): Promise<Record<string, number>> {
  const byReason: Record<string, number> = {};
  if (rows.length === 0) return byReason;
  for (const r of rows) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  const safe = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  await lake.put(`${QUARANTINE_PREFIX}${safe}.ndjson`, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`, 'application/x-ndjson');
  return byReason;
}
