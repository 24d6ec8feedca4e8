import type { ColumnType } from './schema';

/** Column types as the scanners code them (the JS loop and native/row_scanner.c agree on these numbers). */
export const BOOLEAN = 1;
export const BIGINT = 2;
export const DOUBLE = 3;
export const VARCHAR = 4;
export const JSON_ANY = 5;
export const TYPE_CODE: Record<ColumnType, number> = { BOOLEAN, BIGINT, DOUBLE, VARCHAR, JSON: JSON_ANY };
