/**
 * Trading dates are New York calendar dates, whatever the host's time zone: Polygon stamps a
 * daily bar with the start of the session in epoch milliseconds, and a bar stamped 04:00 UTC is
 * still the previous New York evening for half of the year.
 */
const NEW_YORK = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
const NEW_YORK_HOUR = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The New York calendar date (YYYY-MM-DD) of an instant. */
export function newYorkDate(epochMs: number): string {
  return NEW_YORK.format(new Date(epochMs));
}

/** A strict YYYY-MM-DD that names a real calendar day. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** date + n calendar days (UTC arithmetic on a calendar date: no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Monday to Friday. Exchange holidays are not listed here: the grouped-daily API answers them with no results. */
export function isWeekday(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** Weekdays in [from, to], oldest first. */
export function weekdaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (isWeekday(d)) out.push(d);
  return out;
}

/**
 * The last New York session whose daily bar can be final at `now`: today once the close has
 * settled (18:00 New York, when the scheduled run starts), else the day before.
 */
export function lastSettledSession(now: Date): string {
  const today = newYorkDate(now.getTime());
  const hour = Number(NEW_YORK_HOUR.format(now));
  let d = hour >= 18 ? today : addDays(today, -1);
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
}

/**
 * The first date PostgreSQL's raw_ohlcv keeps on `asOf`: asOf − 5 years − 1 month, as
 * PostgreSQL computes `date - interval '5 years 1 month'` (a day past the target month's end
 * clamps to it: 2024-03-31 → 2019-02-28).
 */
export function retentionCutoff(asOf: string): string {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) - 61;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
