import { type Duck, openDuck } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { addDays, type DailyBar, lastSettledSession, parseGroupedDaily, type RejectedRow, retentionCutoff, weekdaysBetween } from '@medallion/ohlcv';
import { mergeIntoBronze } from './bronze';
import { FETCH_CHECKPOINT_KEY } from './keys';
import type { SqlDb } from './pg/db';
import { upsertRawOhlcv } from './pg/raw-ohlcv';
import { quarantineRows } from './quarantine';

export interface FetchDeps {
  lake: ObjectStore;
  db: SqlDb;
  client: { groupedDaily(date: string): Promise<unknown> };
  /** First session of a backfill when there is no checkpoint yet. */
  backfillFrom: string;
  /** Last session to fetch (default: the last settled New York session). */
  asOf?: string;
  /** Grouped-daily calls per invocation (the free tier allows 5 a minute). */
  maxRequests: number;
  waitSeconds: number;
  now?: () => Date;
  /** Test hook: called after bronze and PostgreSQL are written, before the checkpoint moves (a kill there re-fetches the chunk). */
  beforeCheckpoint?: () => Promise<void>;
  duck?: Duck;
}

export interface FetchCheckpoint {
  lastSession: string;
  updatedAt: string;
}

export interface FetchResult {
  from: string | null;
  to: string | null;
  sessions: number;
  emptySessions: number;
  bars: number;
  restated: number;
  quarantined: Record<string, number>;
  remaining: number;
  done: boolean;
  waitSeconds: number;
}

export async function readFetchCheckpoint(lake: ObjectStore): Promise<FetchCheckpoint | null> {
  const body = await lake.get(FETCH_CHECKPOINT_KEY);
  return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as FetchCheckpoint) : null;
}

/**
 * One chunk of the daily fetch: the next `maxRequests` sessions after the checkpoint, one
 * grouped-daily call each, merged into bronze (by symbol + date) and upserted into PostgreSQL,
 * then the checkpoint moves to the chunk's last session. The checkpoint moves only after both
 * writes, and both writes replace by key, so a run killed anywhere re-fetches the chunk: no gap,
 * no duplicate. `done` says whether sessions remain (the state machine waits and loops).
 */
export async function fetchDaily(deps: FetchDeps): Promise<FetchResult> {
  const now = deps.now?.() ?? new Date();
  const to = deps.asOf ?? lastSettledSession(now);
  const checkpoint = await readFetchCheckpoint(deps.lake);
  const from = checkpoint ? addDays(checkpoint.lastSession, 1) : deps.backfillFrom;
  const pending = from <= to ? weekdaysBetween(from, to) : [];
  const chunk = pending.slice(0, deps.maxRequests);
  const result: FetchResult = {
    from: chunk[0] ?? null,
    to: chunk.at(-1) ?? null,
    sessions: chunk.length,
    emptySessions: 0,
    bars: 0,
    restated: 0,
    quarantined: {},
    remaining: pending.length - chunk.length,
    done: pending.length <= chunk.length,
    waitSeconds: deps.waitSeconds,
  };
  if (chunk.length === 0) return result;
  const bars: DailyBar[] = [];
  const rejected: RejectedRow[] = [];
  for (const session of chunk) {
    const day = parseGroupedDaily(await deps.client.groupedDaily(session), session);
    if (day.bars.length === 0) result.emptySessions++;
    bars.push(...day.bars);
    rejected.push(...day.rejected);
  }
  const duck = deps.duck ?? (await openDuck());
  try {
    result.quarantined = await quarantineRows(deps.lake, `grouped-daily-${chunk[0]}_${chunk.at(-1)}`, rejected);
    const merge = await mergeIntoBronze(deps.lake, duck, bars);
    result.restated = merge.restated;
    await upsertRawOhlcv(deps.db, bars, retentionCutoff(to));
    result.bars = bars.length;
    await deps.beforeCheckpoint?.();
    const next: FetchCheckpoint = { lastSession: chunk.at(-1)!, updatedAt: now.toISOString() };
    await deps.lake.put(FETCH_CHECKPOINT_KEY, JSON.stringify(next), 'application/json');
    return result;
  } finally {
    if (!deps.duck) duck.close();
  }
}
