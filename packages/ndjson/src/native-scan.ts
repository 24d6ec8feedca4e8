import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { CopyStop, RowScanner } from './scan';
import { TYPE_CODE } from './scan-types';
import type { SchemaTracker } from './schema';

/** The addon's functions (native/row_scanner.c). */
interface RowScannerAddon {
  create(names: string[], types: Uint8Array): object;
  rowStart(scanner: object, bytes: Uint8Array, start: number, end: number): number;
  copyRows(scanner: object, bytes: Uint8Array, start: number, stop: number, line: number, out: Uint8Array, outAt: number, state: Float64Array): CopyStop;
}

/** Where the addon may be: beside a Lambda bundle, or built in this package (native/build). */
const CANDIDATES = ['./row_scanner.node', '../native/build/row_scanner.node'];

let addon: RowScannerAddon | null | undefined;

/**
 * The compiled scanner, or null when it is not built here or is switched off (NDJSON_NATIVE_SCANNER=0): the JS
 * scanner then gives the same answers, slower.
 */
export function loadRowScannerAddon(): RowScannerAddon | null {
  if (addon !== undefined) return addon;
  addon = null;
  if (process.env.NDJSON_NATIVE_SCANNER === '0') return addon;
  const require = createRequire(import.meta.url);
  for (const candidate of CANDIDATES) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(path)) continue;
    addon = require(path) as RowScannerAddon;
    break;
  }
  return addon;
}

/** rowScanner's contract over the addon: a new native scanner whenever the schema's typed columns change. */
export function nativeRowScanner(native: RowScannerAddon, schema: SchemaTracker): RowScanner {
  let revision = -1;
  let handle: object = {};
  const current = () => {
    if (revision !== schema.revision()) {
      const columns = schema.typedColumns();
      handle = native.create(
        columns.map((c) => c.name),
        Uint8Array.from(columns, (c) => TYPE_CODE[c.type]),
      );
      revision = schema.revision();
    }
    return handle;
  };
  const state = new Float64Array(5);
  return {
    rowStart: (bytes, start, end) => native.rowStart(current(), bytes, start, end),
    copier: {
      state,
      copyRows: (bytes, start, stop, line, out, outAt) => native.copyRows(current(), bytes, start, stop, line, out, outAt, state),
    },
  };
}
