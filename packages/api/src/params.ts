/**
 * Parameter schemas shared by the routes. Every value arrives as a string from a query
 * string or a path segment; each schema says exactly what it accepts, so anything else
 * (quotes, `;`, `../`, NUL bytes, overlong values) is a 400 before any query runs.
 */
import { z } from 'zod';
import { TRANSACTION_TYPES } from '@medallion/house-fd-gold';
import { ApiError } from './route';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

export const bioguideId = z.string().regex(/^[A-Z]\d{6}$/, 'must be a bioguide id like P000197');
export const docId = z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'must be a filing DocID (letters and digits, at most 20)');
export const ticker = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.\-/]{0,11}$/, 'must be a ticker (letters, digits, . - /, at most 12)')
  .refine((t) => !t.includes('..'), 'must be a ticker')
  .transform((t) => t.toUpperCase());
export const state = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter state')
  .transform((s) => s.toUpperCase());
/** Party names as dim_member writes them (letters and spaces); an unknown one matches nothing. */
export const party = z
  .string()
  .regex(/^[A-Za-z]+(?: [A-Za-z]+){0,3}$/, 'must be a party name such as Democrat')
  .max(40);
/** A person's name or part of it: letters, with single spaces, hyphens, periods or apostrophes between them. */
export const nameQuery = z
  .string()
  .min(2, 'must be at least 2 characters')
  .max(64)
  .regex(/^\p{L}+(?:(?:['’-]|\. ?| )\p{L}+)*\.?$/u, 'must be a name (letters, spaces, hyphens, periods, apostrophes)');
export const transactionType = z.enum(TRANSACTION_TYPES, { message: `must be one of ${TRANSACTION_TYPES.join(', ')}` });

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a calendar date');

const intString = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const limit = (def = DEFAULT_LIMIT, max = MAX_LIMIT) => intString(1, max).default(def);
export const days = intString(1, 3650);
export const booleanFlag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
export const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not a cursor this API issued');

/** The filters every trade list accepts. */
export const tradeFilters = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  ticker: ticker.optional(),
  type: transactionType.optional(),
  party: party.optional(),
  state: state.optional(),
  limit: limit(),
  cursor: cursor.optional(),
  include_synthetic: booleanFlag.default(false),
};

/** Strict object with a from ≤ to check when both are given. */
export function withDateRange<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).refine(
    (p) => {
      const { from, to } = p as { from?: string; to?: string };
      return !from || !to || from <= to;
    },
    { message: 'from must not be after to', path: ['from'] },
  );
}

/** A page position: opaque to clients, bound to the gold version it was issued for. */
export function encodeCursor(version: string, position: string | number): string {
  return Buffer.from(JSON.stringify([version, position])).toString('base64url');
}

export function decodeCursor(cursorValue: string, version: string): string | number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursorValue, 'base64url').toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid parameter cursor: is not a cursor this API issued');
  }
  const pair = Array.isArray(decoded) ? (decoded as unknown[]) : [];
  const ok = pair.length === 2 && typeof pair[0] === 'string';
  const position = ok ? pair[1] : undefined;
  if (!ok || !((typeof position === 'number' && Number.isInteger(position) && position >= 0) || (typeof position === 'string' && position.length <= 64))) {
    throw new ApiError(400, 'invalid parameter cursor: is not a cursor this API issued');
  }
  if (pair[0] !== version) throw new ApiError(400, 'invalid parameter cursor: gold has changed since it was issued; start again without a cursor');
  return position as string | number;
}
