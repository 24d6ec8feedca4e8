/** The converter as the state machine's Lambda calls it, configured by environment only: lines to Parquet or quarantine. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { handler } from '../src';

const saved = { ...process.env };
const input = mkdtempSync(join(tmpdir(), 'fn-ndjson-convert-in-'));
const lake = mkdtempSync(join(tmpdir(), 'fn-ndjson-convert-lake-'));
const body = '{"id":1,"name":"a"}\n\n{"id":2,"name":"b"}\nnot json\n';

beforeAll(() => {
  mkdirSync(join(input, '2026-12-01'));
  writeFileSync(join(input, '2026-12-01/a.ndjson'), body);
  Object.assign(process.env, { MEDALLION_LAKE_URI: lake, NDJSON_INPUT_URI: input, LOG_LEVEL: 'ERROR' });
});
afterAll(() => {
  process.env = saved;
});

it('writes the good lines to Parquet and the bad one to quarantine, counting the blank line', async () => {
  const manifest = {
    manifest_id: 'm-fn-1',
    bytes: body.length,
    files: [{ date_prefix: '2026-12-01', file_key: '2026-12-01/a.ndjson', size: body.length, etag: 'e' }],
  };
  const res = (await handler({ manifest }, {} as Context)) as { rowsWritten: number; blankLines: number; quarantined: Record<string, number> };
  expect(res).toMatchObject({ rowsWritten: 2, blankLines: 1, quarantined: { not_json: 1 } });
});

it('refuses a manifest id that could not be an execution name, in one line', async () => {
  await expect(handler({ manifest: { manifest_id: 'a b', bytes: 0, files: [] } }, {} as Context)).rejects.toThrow(/invalid event for ndjson-convert/);
});
