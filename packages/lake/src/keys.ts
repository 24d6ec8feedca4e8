/**
 * Object keys are built by the platform, but parts of them come from outside (DocIDs, years
 * from an index file). Every key is validated so that nothing can escape the lake root or
 * smuggle characters into SQL paths.
 */
const SAFE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._\-=/]*$/;

export class InvalidKeyError extends Error {
  override name = 'InvalidKey';
}

export function validateKey(key: string): string {
  if (!SAFE_KEY.test(key) || key.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) {
    throw new InvalidKeyError(`invalid object key: ${JSON.stringify(key)}`);
  }
  return key;
}

/** A single path segment from outside (DocID, year, file name). */
export function validateSegment(value: string, what = 'segment'): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._\-=]*$/.test(value) || value.includes('..')) throw new InvalidKeyError(`invalid ${what}: ${JSON.stringify(value)}`);
  return value;
}

export type Layer = 'bronze' | 'silver' | 'gold' | 'quarantine' | 'quality' | '_batches' | '_pending';

/** `<layer>/<dataset>/<parts…>`, e.g. medallionKey('silver', 'house_fd', 'filings', 'batch=000001.parquet'). */
export function medallionKey(layer: Layer, dataset: string, ...parts: string[]): string {
  return validateKey([layer, validateSegment(dataset, 'dataset'), ...parts.map((p) => validateSegment(p))].join('/'));
}

/** Zero-padded batch partition: batch=000042. */
export const batchPartition = (seq: number): string => {
  if (!Number.isInteger(seq) || seq < 0 || seq > 999_999) throw new InvalidKeyError(`invalid batch sequence ${seq}`);
  return `batch=${String(seq).padStart(6, '0')}`;
};
