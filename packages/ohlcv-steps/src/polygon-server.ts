import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DailyBar, isIsoDate, isWeekday, parseDailyCsv } from '@medallion/ohlcv';

/**
 * A loopback server speaking Polygon's grouped-daily API for local runs and tests: the real
 * daily history of the bundled CSVs plus generated symbols, with 429s and 5xx injected so the
 * fetcher's retries are exercised. Never for production.
 */
export interface LoopbackOptions {
  /** Real bars served as they are (e.g. the ORCL history). */
  bars?: DailyBar[];
  /** How many generated symbols (GEN0000…) trade every weekday. */
  generatedSymbols?: number;
  /** Weekdays answered with no results (a holiday), YYYY-MM-DD. */
  holidays?: string[];
  /** Status to answer request number n (1-based) with instead of data, e.g. n % 4 === 2 → 429. */
  fault?: (n: number, date: string) => number | null;
}

export interface LoopbackServer {
  url: string;
  /** Requests received, in order (date and answered status). */
  log: { date: string; status: number }[];
  close(): Promise<void>;
}

const unit = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32;

/** A deterministic generated bar: a slow wave per symbol plus a daily wiggle, so every price is reproducible. */
export function generatedBar(symbol: string, date: string): DailyBar {
  const day = Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const base = 20 + 180 * unit(symbol);
  const mid = base * (1 + 0.25 * Math.sin(day / (30 + 60 * unit(`${symbol}p`)) + 6 * unit(`${symbol}q`)));
  const open = mid * (1 + (unit(`${symbol}${date}o`) - 0.5) * 0.02);
  const close = mid * (1 + (unit(`${symbol}${date}c`) - 0.5) * 0.02);
  const high = Math.max(open, close) * (1 + unit(`${symbol}${date}h`) * 0.01);
  const low = Math.min(open, close) * (1 - unit(`${symbol}${date}l`) * 0.01);
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    symbol,
    date,
    open: round(open),
    high: round(high),
    low: round(low),
    close: round(close),
    volume: Math.round(100_000 + 5_000_000 * unit(`${symbol}${date}v`)),
    vwap: round((open + close + high + low) / 4),
    transactions: Math.round(1_000 + 20_000 * unit(`${symbol}${date}n`)),
  };
}

export const generatedSymbol = (i: number) => `GEN${String(i).padStart(4, '0')}`;

/** The instant Polygon stamps a daily bar with (the session start, 04:00 New York), in epoch ms. */
function sessionStamp(date: string): number {
  // 09:00 UTC is 04:00 or 05:00 in New York: the same calendar day whatever the season.
  return Date.parse(`${date}T09:00:00Z`);
}

export async function startPolygonServer(options: LoopbackOptions = {}): Promise<LoopbackServer> {
  const byDate = new Map<string, DailyBar[]>();
  for (const b of options.bars ?? []) (byDate.get(b.date) ?? byDate.set(b.date, []).get(b.date)!).push(b);
  const holidays = new Set(options.holidays ?? []);
  const log: LoopbackServer['log'] = [];
  const server: Server = createServer((req, res) => {
    const m = /^\/v2\/aggs\/grouped\/locale\/us\/market\/stocks\/([0-9-]+)(\?|$)/.exec(req.url ?? '');
    const send = (status: number, body: unknown) => {
      log.push({ date: m?.[1] ?? '?', status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!m || !isIsoDate(m[1]!)) return send(404, { status: 'NOT_FOUND' });
    const date = m[1]!;
    const fault = options.fault?.(log.length + 1, date);
    if (fault) return send(fault, { status: 'ERROR', error: fault === 429 ? 'You have exceeded the maximum requests per minute' : 'upstream error' });
    const bars = isWeekday(date) && !holidays.has(date) ? [...(byDate.get(date) ?? [])] : [];
    if (isWeekday(date) && !holidays.has(date)) for (let i = 0; i < (options.generatedSymbols ?? 0); i++) bars.push(generatedBar(generatedSymbol(i), date));
    const results = bars.map((b) => ({
      T: b.symbol,
      o: b.open,
      h: b.high,
      l: b.low,
      c: b.close,
      v: b.volume,
      ...(b.vwap === null ? {} : { vw: b.vwap }),
      ...(b.transactions === null ? {} : { n: b.transactions }),
      t: sessionStamp(date),
    }));
    send(200, { status: 'OK', adjusted: true, queryCount: results.length, resultsCount: results.length, ...(results.length ? { results } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // A local run's server must not keep `lake run` alive once the state machine is done.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The loopback server local runs use: the bundled CSV histories (file → symbol), generated symbols, a 429 and a 503 now and then. */
export async function startDemoPolygonServer(csvs: Record<string, string>, generatedSymbols = 50): Promise<LoopbackServer> {
  const bars: DailyBar[] = [];
  for (const [symbol, file] of Object.entries(csvs)) bars.push(...parseDailyCsv(await readFile(file, 'utf8'), symbol, file).bars);
  return startPolygonServer({ bars, generatedSymbols, fault: (n) => (n % 7 === 3 ? 429 : n % 11 === 5 ? 503 : null) });
}
