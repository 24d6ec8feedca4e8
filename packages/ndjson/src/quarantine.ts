/** Why a line (or a whole file) did not reach Parquet. */
export type QuarantineReason = 'not_json' | 'not_object' | 'type_mismatch' | 'bad_field_name' | 'not_utf8' | 'not_decompressible' | 'line_too_long';

/**
 * One rejected line, or a whole rejected file (`line` null, `raw` null: its bytes stay in the input bucket).
 * `detail` says what exactly (the column and the type it wanted, the parser's message).
 */
export interface QuarantineRecord {
  file: string;
  line: number | null;
  reason: QuarantineReason;
  raw: string | null;
  detail?: string;
}
