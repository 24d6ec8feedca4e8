/**
 * DuckDB returns BIGINT as bigint, DECIMAL/DATE/TIMESTAMP as value objects. Convert them
 * deliberately: integers that fit in a double become numbers (row counts, keys); larger ones
 * stay bigint so nothing is silently rounded. Dates become ISO strings.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    // DuckDB value objects (DuckDBDateValue, DuckDBDecimalValue, ...) all stringify sensibly.
    if (obj.constructor?.name.startsWith('DuckDB')) {
      if ('toDouble' in obj && typeof obj.toDouble === 'function') return (obj.toDouble as () => number)();
      return String(value);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}
