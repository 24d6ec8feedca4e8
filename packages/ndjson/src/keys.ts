/**
 * Input object keys come from outside (whoever uploads to the input bucket): `<date_prefix>/<name>.ndjson[.gz]`
 * with date_prefix YYYY-MM-DD and a plain file name. Anything else is refused before it reaches a path or SQL.
 */
const NDJSON_KEY = /^(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9_][A-Za-z0-9._-]{0,199})\.ndjson(\.gz)?$/;

export class InvalidNdjsonKeyError extends Error {
  override name = 'InvalidNdjsonKey';
}

export interface NdjsonKey {
  key: string;
  datePrefix: string;
  /** The file name without `.ndjson[.gz]`. */
  name: string;
  gzip: boolean;
}

export function parseNdjsonKey(key: string): NdjsonKey {
  const m = NDJSON_KEY.exec(key);
  if (!m || m[2]!.includes('..') || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
    throw new InvalidNdjsonKeyError(`invalid NDJSON object key ${JSON.stringify(key)}: expected <YYYY-MM-DD>/<name>.ndjson[.gz]`);
  }
  return { key, datePrefix: m[1]!, name: m[2]!, gzip: m[3] === '.gz' };
}
