/**
 * Schema rules for NDJSON → Parquet. A column has one of five types, each a JSON value kind DuckDB's read_json
 * maps exactly. The schema is declared or inferred from the first manifest, then frozen: a later value that
 * cannot take its column's type quarantines its line, and a field never seen before becomes a new nullable
 * column (typed by its first non-null value; integers widen to DOUBLE while the column is still new).
 */
export type ColumnType = 'BOOLEAN' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'JSON';
export const COLUMN_TYPES: readonly ColumnType[] = ['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR', 'JSON'];

export interface SchemaColumn {
  name: string;
  type: ColumnType;
}

/** Field names become Parquet/SQL column names: plain identifiers only, `_source_*` is the converter's lineage. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const RESERVED_PREFIX = '_source_';

export function isValidFieldName(name: string): boolean {
  return FIELD_NAME.test(name) && !name.toLowerCase().startsWith(RESERVED_PREFIX);
}

/** The type a value would give a new column; null for null (no information). */
export function typeOfValue(value: unknown): ColumnType | null {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return Number.isSafeInteger(value) ? 'BIGINT' : 'DOUBLE';
    case 'string':
      return 'VARCHAR';
    default:
      return 'JSON';
  }
}

/** Whether DuckDB's read_json can put this JSON value in a column of this type without error or loss. */
export function fitsColumn(type: ColumnType, value: unknown): boolean {
  if (value === null) return true;
  switch (type) {
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'BIGINT':
      return Number.isSafeInteger(value); // beyond 2^53 JSON.parse has already lost digits
    case 'DOUBLE':
      return typeof value === 'number' && Number.isFinite(value);
    case 'VARCHAR':
      return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    case 'JSON':
      return true;
  }
}

export type LineVerdict = { ok: true } | { ok: false; reason: 'type_mismatch' | 'bad_field_name'; detail: string };

const OK: LineVerdict = { ok: true };

interface TrackedColumn {
  name: string;
  /** null while a new column has seen only nulls. */
  type: ColumnType | null;
  frozen: boolean;
}

export interface SchemaTracker {
  /** Check one parsed object against the schema; a line that passes may add or widen new columns. */
  check(obj: Record<string, unknown>): LineVerdict;
  /** A restore point: a file quarantined whole must not leave its columns behind. */
  mark(): () => void;
  /** Columns added by the objects checked so far (a column seen only as null is VARCHAR). */
  added(): SchemaColumn[];
  /** Frozen columns then added ones: what the Parquet files of this run hold. */
  columns(): SchemaColumn[];
  /** Columns whose type is known (one seen only as null is left out), under their exact names: what a line may hold without changing the schema. */
  typedColumns(): SchemaColumn[];
  /** Changes whenever a column is added, typed or widened, or a rollback runs (so a copy of typedColumns can be refreshed). */
  revision(): number;
}

export function schemaTracker(frozen: readonly SchemaColumn[], options: { maxColumns?: number } = {}): SchemaTracker {
  const maxColumns = options.maxColumns ?? 500;
  const byLower = new Map<string, TrackedColumn>();
  // The same columns by exact name: the fast path, for the common line whose fields are all known and fit.
  const byName = new Map<string, TrackedColumn>();
  const index = (c: TrackedColumn) => {
    byLower.set(c.name.toLowerCase(), c);
    byName.set(c.name, c);
  };
  for (const c of frozen) index({ name: c.name, type: c.type, frozen: true });
  let newOrder: TrackedColumn[] = [];
  let revision = 0;

  const check = (obj: Record<string, unknown>): LineVerdict => {
    for (const key in obj) {
      const col = byName.get(key);
      if (col?.type == null || !fitsColumn(col.type, obj[key])) return checkSlowly(obj);
    }
    return OK;
  };

  // Exact names of known columns cannot repeat case-insensitively, so only a line with a new, null-typed or
  // misfitting field comes here.
  const checkSlowly = (obj: Record<string, unknown>): LineVerdict => {
    const changes: Array<() => void> = [];
    const seen = new Set<string>();
    let fresh = 0;
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const lower = key.toLowerCase();
      // DuckDB column names are case-insensitive: `a` and `A` cannot be two columns.
      if (seen.has(lower)) return { ok: false, reason: 'bad_field_name', detail: `field ${key} repeats another field's name in a different case` };
      seen.add(lower);
      const col = byLower.get(lower);
      if (!col) {
        if (!isValidFieldName(key))
          return { ok: false, reason: 'bad_field_name', detail: `field name ${JSON.stringify(key).slice(0, 140)} is not a plain identifier` };
        if (byLower.size + ++fresh > maxColumns) return { ok: false, reason: 'bad_field_name', detail: `field ${key} would exceed ${maxColumns} columns` };
        changes.push(() => {
          const added: TrackedColumn = { name: key, type: typeOfValue(value), frozen: false };
          index(added);
          newOrder.push(added);
        });
        continue;
      }
      if (col.name !== key) return { ok: false, reason: 'bad_field_name', detail: `field ${key} differs only in case from column ${col.name}` };
      if (col.type === null) {
        const t = typeOfValue(value);
        if (t) changes.push(() => (col.type = t));
      } else if (!fitsColumn(col.type, value)) {
        if (!col.frozen && col.type === 'BIGINT' && typeof value === 'number' && Number.isFinite(value)) changes.push(() => (col.type = 'DOUBLE'));
        else return { ok: false, reason: 'type_mismatch', detail: `column ${key} is ${col.type}, got ${typeOfValue(value) ?? 'null'}` };
      }
    }
    for (const apply of changes) apply();
    if (changes.length) revision++;
    return OK;
  };

  return {
    check,
    mark() {
      const saved = newOrder.map((c) => ({ ...c }));
      return () => {
        for (const c of newOrder) {
          byLower.delete(c.name.toLowerCase());
          byName.delete(c.name);
        }
        newOrder = saved;
        for (const c of newOrder) index(c);
        revision++;
      };
    },
    added: () => newOrder.map((c) => ({ name: c.name, type: c.type ?? 'VARCHAR' })),
    typedColumns: () => [...byName.values()].flatMap((c) => (c.type === null ? [] : [{ name: c.name, type: c.type }])),
    revision: () => revision,
    columns: () => [...frozen.map((c) => ({ name: c.name, type: c.type })), ...newOrder.map((c) => ({ name: c.name, type: c.type ?? 'VARCHAR' }))],
  };
}

/** Parse and validate a declared or stored column list (from JSON: outside input). */
export function parseColumns(value: unknown): SchemaColumn[] {
  if (!Array.isArray(value)) throw new Error('schema columns: expected an array of {name, type}');
  const seen = new Set<string>();
  return value.map((c, i) => {
    const { name, type } = (c ?? {}) as { name?: unknown; type?: unknown };
    if (typeof name !== 'string' || !isValidFieldName(name)) throw new Error(`schema column ${i}: invalid name ${JSON.stringify(name)}`);
    if (!COLUMN_TYPES.includes(type as ColumnType)) throw new Error(`schema column ${name}: type must be one of ${COLUMN_TYPES.join(', ')}`);
    if (seen.has(name.toLowerCase())) throw new Error(`schema column ${name}: repeated`);
    seen.add(name.toLowerCase());
    return { name, type: type as ColumnType };
  });
}
