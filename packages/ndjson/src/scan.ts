import { loadRowScannerAddon, nativeRowScanner } from './native-scan';
import { BOOLEAN, DOUBLE, JSON_ANY, TYPE_CODE, VARCHAR } from './scan-types';
import type { SchemaTracker } from './schema';

/**
 * A conservative fast path for classifyLine, over a line's UTF-8 bytes, allocating nothing: it says "certainly a
 * row" only for a line that classifyLine would make a row without changing the schema — strict RFC 8259 JSON whose
 * top level is a non-empty object, every key one of the schema's typed columns by its exact name (no escapes), no
 * key twice, and every value of a kind its column takes, exactly as `fitsColumn` decides on the parsed value.
 * Anything else (unknown or repeated key, misfit, `\u` escape of a surrogate, deep nesting, a number whose value
 * needs parsing to judge, a grammar error) it declines, and the caller classifies the line as before: so every
 * quarantine reason and schema change still comes from classifyLine. The bytes must be valid UTF-8 (checked per
 * chunk by forEachLineBytes), so bytes ≥ 0x80 inside strings are accepted as they are.
 */
export interface RowScanner {
  /** The index just after the object's opening `{` when the line is certainly a row; -1 when it is not known. */
  rowStart(bytes: Uint8Array, start: number, end: number): number;
  /** The compiled scanner's many-lines-at-once path (absent from the JS scanner). */
  copier?: RowCopier;
}

/** Why RowCopier.copyRows stopped: at a line it is not sure of (the caller classifies it), for want of room in the output, or with every line copied. */
export const CopyStop = { Unsure: 0, OutputFull: 1, Done: 2 } as const;
export type CopyStop = (typeof CopyStop)[keyof typeof CopyStop];

/**
 * Whole lines `bytes[start, stop)` (each ending in `\n`, the first numbered `line`) → each certainly-a-row line
 * written to `out[outAt…]` as `{"_source_line":<n>,` + the line after its `{` + `\n`, in order, until a line it is
 * not sure of, a full output or `stop`. `state` then holds [next byte, next line number, outAt, rows copied, longest row written in bytes].
 */
export interface RowCopier {
  copyRows(bytes: Uint8Array, start: number, stop: number, line: number, out: Uint8Array, outAt: number): CopyStop;
  readonly state: Float64Array;
}

/** Number tokens by what fitsColumn can tell from the token alone (numberEnd leaves it in numberKind). */
const SAFE_INTEGER = 1; // no fraction or exponent, ≤ 15 digits: |n| < 2^53
const FINITE = 2; // ≤ 200 integer digits and an exponent of ≤ 2 digits: |n| < 1e300
const ANY_NUMBER = 3; // valid JSON, but it may parse to Infinity or lose integer digits
let numberKind = 0;

const MAX_DEPTH = 64;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const TRUE = Uint8Array.from(Buffer.from('true'));
const FALSE = Uint8Array.from(Buffer.from('false'));
const NULL = Uint8Array.from(Buffer.from('null'));

/** The single-letter escapes JSON has (`\uXXXX` is handled apart). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

const HEX = new Int8Array(256).fill(-1);
for (let d = 0; d < 16; d++) {
  HEX['0123456789abcdef'.charCodeAt(d)] = d;
  HEX['0123456789ABCDEF'.charCodeAt(d)] = d;
}

const hashStep = (h: number, c: number) => (Math.imul(h, 31) + c) | 0;

// The scanning functions take the line as (b, pos, end) and return the index after what they read, or -1 when
// the line is not certainly a row: plain locals and numbers, so V8 keeps the loops tight and allocates nothing.

function skipSpace(b: Uint8Array, pos: number, end: number): number {
  if (pos >= end || b[pos]! > 0x20) return pos; // the common case: no whitespace at all
  while (pos < end) {
    const c = b[pos]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    pos++;
  }
  return pos;
}

/** A string from its opening quote at pos. */
function stringEnd(b: Uint8Array, pos: number, end: number): number {
  pos++;
  while (pos < end) {
    const c = b[pos]!;
    if (c === QUOTE) return pos + 1;
    if (c === BACKSLASH) {
      if (pos + 1 >= end) return -1;
      const e = b[pos + 1]!;
      if (SIMPLE_ESCAPE[e] === 1) {
        pos += 2;
        continue;
      }
      if (e !== 0x75 || pos + 6 > end) return -1;
      const h0 = HEX[b[pos + 2]!]!;
      const h1 = HEX[b[pos + 3]!]!;
      if (h0 < 0 || h1 < 0 || HEX[b[pos + 4]!]! < 0 || HEX[b[pos + 5]!]! < 0) return -1;
      if (h0 === 0xd && h1 >= 8) return -1; // U+D800–DFFF: classifyLine checks how surrogates pair
      pos += 6;
      continue;
    }
    if (c < 0x20) return -1;
    pos++;
  }
  return -1;
}

/** A number token at pos; its kind is left in numberKind. */
function numberEnd(b: Uint8Array, pos: number, end: number): number {
  if (pos < end && b[pos] === 0x2d) pos++;
  const intFrom = pos;
  if (pos >= end) return -1;
  let c = b[pos]!;
  if (c === 0x30) pos++;
  else if (c > 0x30 && c <= 0x39) {
    pos++;
    while (pos < end && (c = b[pos]!) >= 0x30 && c <= 0x39) pos++;
  } else return -1;
  const intDigits = pos - intFrom;
  let integer = true;
  if (pos < end && b[pos] === 0x2e) {
    const fracFrom = ++pos;
    while (pos < end && (c = b[pos]!) >= 0x30 && c <= 0x39) pos++;
    if (pos === fracFrom) return -1;
    integer = false;
  }
  let expDigits = 0;
  if (pos < end && (b[pos] === 0x65 || b[pos] === 0x45)) {
    pos++;
    if (pos < end && (b[pos] === 0x2b || b[pos] === 0x2d)) pos++;
    const expFrom = pos;
    while (pos < end && (c = b[pos]!) >= 0x30 && c <= 0x39) pos++;
    expDigits = pos - expFrom;
    if (expDigits === 0) return -1;
    integer = false;
  }
  numberKind = integer && intDigits <= 15 ? SAFE_INTEGER : intDigits <= 200 && expDigits <= 2 ? FINITE : ANY_NUMBER;
  return pos;
}

/** `true`, `false` or `null` spelled at pos. */
function literalEnd(b: Uint8Array, pos: number, end: number, word: Uint8Array): number {
  if (pos + word.length > end) return -1;
  for (let i = 1; i < word.length; i++) if (b[pos + i] !== word[i]) return -1;
  return pos + word.length;
}

/** Any JSON value at pos (objects and arrays nested up to MAX_DEPTH). */
function valueEnd(b: Uint8Array, pos: number, end: number, depth: number): number {
  if (pos >= end) return -1;
  const c = b[pos]!;
  if (c === QUOTE) return stringEnd(b, pos, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return depth < MAX_DEPTH ? containerEnd(b, pos, end, depth + 1) : -1;
  if (c === 0x74) return literalEnd(b, pos, end, TRUE);
  if (c === 0x66) return literalEnd(b, pos, end, FALSE);
  if (c === 0x6e) return literalEnd(b, pos, end, NULL);
  return numberEnd(b, pos, end);
}

/** An object or array from its opening byte at pos. */
function containerEnd(b: Uint8Array, pos: number, end: number, depth: number): number {
  const object = b[pos] === OPEN_BRACE;
  const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
  pos = skipSpace(b, pos + 1, end);
  if (pos < end && b[pos] === close) return pos + 1;
  for (;;) {
    if (object) {
      if (pos >= end || b[pos] !== QUOTE) return -1;
      pos = stringEnd(b, pos, end);
      if (pos < 0) return -1;
      pos = skipSpace(b, pos, end);
      if (pos >= end || b[pos] !== COLON) return -1;
      pos = skipSpace(b, pos + 1, end);
    }
    pos = valueEnd(b, pos, end, depth);
    if (pos < 0) return -1;
    pos = skipSpace(b, pos, end);
    if (pos >= end) return -1;
    const c = b[pos++];
    if (c === close) return pos;
    if (c !== COMMA) return -1;
    pos = skipSpace(b, pos, end);
  }
}

/** A top-level value at pos that a column of this type takes (what fitsColumn decides, from the token alone). */
function fieldEnd(b: Uint8Array, pos: number, end: number, type: number): number {
  if (pos >= end) return -1;
  const c = b[pos]!;
  if (c === 0x6e) return literalEnd(b, pos, end, NULL); // null fits every column
  if (type === JSON_ANY) return valueEnd(b, pos, end, 1);
  if (c === QUOTE) return type === VARCHAR ? stringEnd(b, pos, end) : -1;
  if (c === 0x74) return type === BOOLEAN || type === VARCHAR ? literalEnd(b, pos, end, TRUE) : -1;
  if (c === 0x66) return type === BOOLEAN || type === VARCHAR ? literalEnd(b, pos, end, FALSE) : -1;
  if (type === BOOLEAN) return -1;
  pos = numberEnd(b, pos, end);
  if (pos < 0) return -1;
  return numberKind === SAFE_INTEGER || (numberKind === FINITE && (type === DOUBLE || type === VARCHAR)) ? pos : -1;
}

/**
 * The scanner for a schema tracker; it follows the tracker's columns as they are added and typed. The compiled
 * one (native/row_scanner.c) when it is built and not refused (`native: false`), else the JS one: the same answers.
 */
export function rowScanner(schema: SchemaTracker, options: { native?: boolean } = {}): RowScanner {
  const native = options.native === false ? null : loadRowScannerAddon();
  return native ? nativeRowScanner(native, schema) : jsRowScanner(schema);
}

/** The scanner in JS (what native/row_scanner.c ports line for line). */
export function jsRowScanner(schema: SchemaTracker): RowScanner {
  // Column lookup by key bytes: an open-addressing table of column index + 1 by a hash of the name.
  let names: Uint8Array[] = [];
  let types = new Uint8Array(0);
  let slots = new Int32Array(0);
  let seen = new Uint32Array(0); // per column: the line stamp it was last seen on (a repeated key)
  // Lines of one file mostly list the same fields in the same order: the column that followed each one last time
  // (index `columns` for the first field) is tried before the hash table.
  let follows = new Int32Array(1);
  let revision = -1;
  let stamp = 0;

  const refresh = () => {
    const columns = schema.typedColumns();
    names = columns.map((c) => Uint8Array.from(Buffer.from(c.name, 'latin1')));
    types = Uint8Array.from(columns, (c) => TYPE_CODE[c.type]);
    seen = new Uint32Array(columns.length);
    follows = new Int32Array(columns.length + 1).fill(-1);
    stamp = 0;
    let size = 16;
    while (size < columns.length * 4) size *= 2;
    slots = new Int32Array(size);
    for (const [i, name] of names.entries()) {
      let slot = name.reduce(hashStep, 0) & (size - 1);
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = i + 1;
    }
    revision = schema.revision();
  };

  /** Whether the key at b[from…] is exactly the name of column `col` (then its closing quote follows the name). */
  const isNamed = (b: Uint8Array, from: number, end: number, col: number): boolean => {
    const name = names[col]!;
    const length = name.length;
    if (from + length >= end || b[from + length] !== QUOTE) return false;
    for (let i = 0; i < length; i++) if (name[i] !== b[from + i]) return false;
    return true;
  };

  /** The typed column named exactly by the key bytes b[from, to) with this hash, or -1. */
  const column = (b: Uint8Array, from: number, to: number, hash: number): number => {
    const mask = slots.length - 1;
    const length = to - from;
    for (let slot = hash & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
      const col = slots[slot]! - 1;
      const name = names[col]!;
      if (name.length !== length) continue;
      let i = 0;
      while (i < length && name[i] === b[from + i]) i++;
      if (i === length) return col;
    }
    return -1;
  };

  return {
    rowStart(b: Uint8Array, start: number, end: number): number {
      if (revision !== schema.revision()) refresh();
      if (++stamp === 0xffffffff) {
        seen.fill(0);
        stamp = 1;
      }
      let pos = skipSpace(b, start, end);
      if (pos >= end || b[pos] !== OPEN_BRACE) return -1;
      const open = pos + 1;
      pos = skipSpace(b, open, end);
      let previous = names.length;
      for (;;) {
        // A key: the predicted column's name, or plain ASCII without escapes (column names are identifiers) hashed
        // as it is read. `{}` stops here too: it is written differently (no fields).
        if (pos >= end || b[pos] !== QUOTE) return -1;
        const from = ++pos;
        let col = follows[previous]!;
        if (col >= 0 && isNamed(b, from, end, col)) pos += names[col]!.length;
        else {
          let hash = 0;
          let c = 0;
          while (pos < end && (c = b[pos]!) !== QUOTE) {
            if (c === BACKSLASH || c < 0x20 || c >= 0x80) return -1;
            hash = hashStep(hash, c);
            pos++;
          }
          if (pos >= end) return -1;
          col = column(b, from, pos, hash);
          if (col < 0) return -1;
          follows[previous] = col;
        }
        if (seen[col] === stamp) return -1;
        seen[col] = stamp;
        previous = col;
        pos = skipSpace(b, pos + 1, end);
        if (pos >= end || b[pos] !== COLON) return -1;
        pos = fieldEnd(b, skipSpace(b, pos + 1, end), end, types[col]!);
        if (pos < 0) return -1;
        pos = skipSpace(b, pos, end);
        if (pos >= end) return -1;
        const c = b[pos++]!;
        if (c === CLOSE_BRACE) return skipSpace(b, pos, end) === end ? open : -1;
        if (c !== COMMA) return -1;
        pos = skipSpace(b, pos, end);
      }
    },
  };
}
