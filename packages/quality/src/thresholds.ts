/**
 * Thresholds as Soda Core models them (soda/sodacl/threshold_cfg.py): a zone of "bad" values.
 * An inline threshold (`row_count > 0`) describes the good zone and is inverted into the fail
 * zone; `fail: when > 10` / `warn: when between 1 and 10` describe bad zones directly.
 */
export interface Threshold {
  gte?: number;
  gt?: number;
  lt?: number;
  lte?: number;
  /** Bad when outside [lower, upper] instead of inside (from `!=`, `not between`, `=`). */
  splitZone: boolean;
}

const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
const VALUE = String.raw`(${NUMBER})\s*%?`;
const COMPARATOR = new RegExp(String.raw`^(<=|>=|!=|<>|<|>|=)\s*${VALUE}$`);
const BETWEEN = new RegExp(String.raw`^(not\s+)?between\s+([\[(])?\s*${VALUE}\s+and\s+${VALUE}\s*([\])])?$`);

export class ThresholdSyntaxError extends Error {
  override name = 'ThresholdSyntaxError';
}

/** Parse `> 5`, `<= 2%`, `between -1 and 1`, `not between (0 and 10]`: the zone the text names. */
export function parseThreshold(text: string): Threshold {
  const t = text.trim();
  const cmp = COMPARATOR.exec(t);
  if (cmp) {
    const v = Number(cmp[2]);
    switch (cmp[1]) {
      case '<':
        return { lt: v, splitZone: false };
      case '<=':
        return { lte: v, splitZone: false };
      case '>':
        return { gt: v, splitZone: false };
      case '>=':
        return { gte: v, splitZone: false };
      case '=':
        return { gte: v, lte: v, splitZone: false };
      default:
        return { lt: v, gt: v, splitZone: true }; // != and <>
    }
  }
  const btw = BETWEEN.exec(t);
  if (btw) {
    const lowerIncluded = btw[2] !== '(';
    const upperIncluded = btw[5] !== ')';
    const lower = Number(btw[3]);
    const upper = Number(btw[4]);
    if (lower > upper) throw new ThresholdSyntaxError(`lower bound ${lower} is greater than upper bound ${upper} in "${t}"`);
    const zone: Threshold = {
      ...(lowerIncluded ? { gte: lower } : { gt: lower }),
      ...(upperIncluded ? { lte: upper } : { lt: upper }),
      splitZone: false,
    };
    return btw[1] ? inverse(zone) : zone;
  }
  throw new ThresholdSyntaxError(`invalid threshold "${t}"`);
}

/** `fail: when > 10` → the bad zone "> 10". */
export function parseWhenThreshold(text: unknown): Threshold {
  if (typeof text !== 'string' || !text.trim().startsWith('when ')) {
    throw new ThresholdSyntaxError(`threshold must read "when <condition>", got ${JSON.stringify(text)}`);
  }
  return parseThreshold(text.trim().slice('when '.length));
}

/** ThresholdCfg.get_inverse: the complement zone (good zone → fail zone). */
export function inverse(t: Threshold): Threshold {
  const hasLower = t.gt !== undefined || t.gte !== undefined;
  const hasUpper = t.lt !== undefined || t.lte !== undefined;
  const out: Threshold = { splitZone: hasLower && hasUpper ? !t.splitZone : t.splitZone };
  if (t.lt !== undefined) out.gte = t.lt;
  if (t.lte !== undefined) out.gt = t.lte;
  if (t.gte !== undefined) out.lt = t.gte;
  if (t.gt !== undefined) out.lte = t.gt;
  return out;
}

/** ThresholdCfg.is_bad */
export function isBad(t: Threshold, value: number): boolean {
  const lowerOk = (t.gte === undefined || value >= t.gte) && (t.gt === undefined || value > t.gt);
  const upperOk = (t.lt === undefined || value < t.lt) && (t.lte === undefined || value <= t.lte);
  return t.splitZone ? lowerOk || upperOk : lowerOk && upperOk;
}

/** The diagnostics shape Soda sends (to_soda_cloud_diagnostics_json). */
export function thresholdDiagnostics(t: Threshold): Record<string, number> {
  const out: Record<string, number> = {};
  if (t.gte !== undefined) out.greaterThanOrEqual = t.gte;
  if (t.gt !== undefined) out.greaterThan = t.gt;
  if (t.lt !== undefined) out.lessThan = t.lt;
  if (t.lte !== undefined) out.lessThanOrEqual = t.lte;
  return out;
}

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(\d+)?$/;

/**
 * Freshness durations: `1d`, `12h`, `30m`, `1d12h`, and Soda's shorthand where a trailing bare
 * number is the next smaller unit (`1d6` = 1 day 6 hours, `2h30` = 2 hours 30 minutes).
 */
export function parseDurationMs(text: string): number {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!t || !m || (!m[1] && !m[2] && !m[3])) throw new ThresholdSyntaxError(`invalid freshness threshold "${text}" (use e.g. 1d, 12h, 30m, 1d12h)`);
  const [d, h, min, rest] = [m[1], m[2], m[3], m[4]].map((x) => (x ? Number(x) : 0));
  const restUnit = m[3] ? 1000 : m[2] ? 60_000 : 3_600_000; // after m → seconds, after h → minutes, after d → hours
  return d * 86_400_000 + h * 3_600_000 + min * 60_000 + rest * restUnit;
}

/** `2d 3h 4m 5s` for humans. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.round(Math.abs(ms) / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (s >= size) {
      parts.push(`${Math.floor(s / size)}${unit}`);
      s %= size;
    }
  }
  if (s || parts.length === 0) parts.push(`${s}s`);
  return sign + parts.join(' ');
}

/**
 * Python's round(x, 2): the exact binary value decides, and exact ties go to the even digit.
 * Soda rounds the derived *_percent metrics this way; Math.round would differ on ties (0.125).
 */
export function pythonRound2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const isExactTie = Number.isInteger(x * 8) && Math.abs(x * 1000) % 10 === 5;
  if (isExactTie) {
    const down = Math.floor(x * 100);
    return (down % 2 === 0 ? down : down + 1) / 100;
  }
  return Number(x.toFixed(2));
}
