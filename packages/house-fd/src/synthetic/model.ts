import type { Member } from '../members/legislators';
import type { TransactionType } from '../types';
import { AMOUNT_BRACKETS, ASSETS, DESCRIPTIONS, SUBHOLDINGS } from './catalog';
import { SeededRandom } from './random';

/** One generated PTR line, with the text the PDF prints and the values the parser must recover. */
export interface SyntheticRow {
  owner: 'self' | 'SP' | 'JT' | 'DC';
  assetName: string;
  ticker: string | null;
  assetType: string;
  typeCode: 'P' | 'S' | 'S (partial)' | 'E';
  transactionType: TransactionType;
  transactionDate: string;
  notificationDate: string;
  amountText: string;
  amountLow: number;
  amountHigh: number | null;
  description: string | null;
  subholdingOf: string | null;
}

export interface SyntheticFiling {
  docId: string;
  prefix: 'SYNTHETIC';
  last: string;
  first: string;
  suffix: string;
  stateDst: string;
  year: number;
  filingDate: string;
  /** The member the filer was drawn from: matching must find them. */
  bioguideId: string;
  rows: SyntheticRow[];
}

export interface GenerateOptions {
  members: Member[];
  year: number;
  filings: number;
  seed: string | number;
  maxRowsPerFiling?: number;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** 1234567 → "$1,234,567" (no locale data involved). */
export const money = (n: number) => `$${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
const TYPES: readonly (readonly [SyntheticRow['typeCode'], number])[] = [
  ['P', 45],
  ['S', 25],
  ['S (partial)', 20],
  ['E', 10],
];
const TYPE_NAMES: Record<SyntheticRow['typeCode'], TransactionType> = { P: 'Purchase', S: 'Sale', 'S (partial)': 'Sale (Partial)', E: 'Exchange' };
const OWNERS: readonly (readonly [SyntheticRow['owner'], number])[] = [
  ['self', 40],
  ['SP', 35],
  ['JT', 15],
  ['DC', 10],
];

/** DocIDs start with 99 (real ones never do) then the year's last two digits: 99250001. */
export const syntheticDocId = (year: number, i: number) => `99${String(year % 100).padStart(2, '0')}${String(i + 1).padStart(4, '0')}`;

function amount(rnd: SeededRandom): Pick<SyntheticRow, 'amountText' | 'amountLow' | 'amountHigh'> {
  if (rnd.chance(0.06)) {
    // Some filers write the exact amount instead of a bracket.
    const exact = rnd.int(1_001, 950_000);
    return { amountText: money(exact), amountLow: exact, amountHigh: exact };
  }
  const [low, high] = rnd.weighted(AMOUNT_BRACKETS);
  if (high === null) return { amountText: `Over ${money(low - 1)}`, amountLow: low, amountHigh: null };
  return { amountText: `${money(low)} - ${money(high)}`, amountLow: low, amountHigh: high };
}

function row(rnd: SeededRandom, filingMs: number): SyntheticRow {
  const asset = rnd.pick(ASSETS);
  const typeCode = rnd.weighted(TYPES);
  const txMs = filingMs - rnd.int(1, 44) * DAY;
  const notifMs = Math.min(filingMs, txMs + rnd.int(0, 20) * DAY);
  return {
    owner: rnd.weighted(OWNERS),
    assetName: asset.name,
    ticker: asset.ticker,
    assetType: asset.assetType,
    typeCode,
    transactionType: TYPE_NAMES[typeCode],
    transactionDate: iso(txMs),
    notificationDate: iso(notifMs),
    ...amount(rnd),
    description: rnd.chance(0.3) ? rnd.pick(DESCRIPTIONS) : null,
    subholdingOf: rnd.chance(0.15) ? rnd.pick(SUBHOLDINGS) : null,
  };
}

/**
 * N synthetic PTR filings for a year. Filers are real members who held a House seat on the
 * filing date (so bioguide matching works); everything they "trade" is made up.
 */
export function generateSyntheticFilings(opts: GenerateOptions): SyntheticFiling[] {
  const rnd = new SeededRandom(`${opts.seed}/${opts.year}`);
  const start = Date.UTC(opts.year, 0, 15);
  const end = Date.UTC(opts.year, 11, 31);
  const dates = Array.from({ length: opts.filings }, () => start + rnd.int(0, Math.round((end - start) / DAY)) * DAY).sort((a, b) => a - b);
  return dates.map((filingMs, i) => {
    const filingDate = iso(filingMs);
    const seated = opts.members.flatMap((m) => m.terms.filter((t) => t.type === 'rep' && t.start <= filingDate && filingDate <= t.end).map((t) => ({ m, t })));
    if (!seated.length) throw new Error(`no member held a House seat on ${filingDate}: pass a members file that covers ${opts.year}`);
    const { m, t } = rnd.pick(seated);
    const rows = Array.from({ length: rnd.int(1, opts.maxRowsPerFiling ?? 12) }, () => row(rnd, filingMs));
    return {
      docId: syntheticDocId(opts.year, i),
      prefix: 'SYNTHETIC' as const,
      last: m.lastName,
      first: m.firstName,
      suffix: m.suffix ?? '',
      stateDst: `${t.state}${String(t.district ?? 0).padStart(2, '0')}`,
      year: opts.year,
      filingDate,
      bioguideId: m.bioguideId,
      rows,
    };
  });
}
