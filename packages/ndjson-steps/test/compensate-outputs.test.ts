/** Compensation removes what the failed attempt wrote, so the files' next manifest cannot put their lines in silver twice. */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLakeFromEnv } from '@medallion/lake';
import { removeManifestOutputs } from '../src/status';

const file = (date: string, name: string) => ({ date_prefix: date, file_key: `${date}/${name}.ndjson`, size: 1, etag: 'e' });

describe('removeManifestOutputs', () => {
  it("deletes the manifest's Parquet chunks and quarantine file on each of its dates, nothing of other manifests", async () => {
    const lake = openLakeFromEnv({ MEDALLION_LAKE_URI: mkdtempSync(join(tmpdir(), 'ndjson-comp-')) });
    const keys = [
      'silver/ndjson/date=2026-12-01/m1-0.parquet',
      'silver/ndjson/date=2026-12-01/m1-1.parquet',
      'silver/ndjson/date=2026-12-02/m1-0.parquet',
      'quarantine/ndjson/date=2026-12-01/m1.ndjson',
      'silver/ndjson/date=2026-12-01/m10-0.parquet',
      'silver/ndjson/date=2026-12-01/m2-0.parquet',
      'quarantine/ndjson/date=2026-12-01/m10.ndjson',
    ];
    for (const k of keys) await lake.put(k, 'x');
    const removed = await removeManifestOutputs(lake, {
      manifest_id: 'm1',
      files: [file('2026-12-01', 'a'), file('2026-12-01', 'b'), file('2026-12-02', 'c')],
    });
    expect(removed).toBe(4);
    const left = [...(await lake.list('silver/ndjson/')), ...(await lake.list('quarantine/ndjson/'))].map((o) => o.key).sort();
    expect(left).toEqual([
      'quarantine/ndjson/date=2026-12-01/m10.ndjson',
      'silver/ndjson/date=2026-12-01/m10-0.parquet',
      'silver/ndjson/date=2026-12-01/m2-0.parquet',
    ]);
    // Idempotent: a second compensation finds nothing left to remove.
    expect(await removeManifestOutputs(lake, { manifest_id: 'm1', files: [file('2026-12-01', 'a')] })).toBe(0);
  });
});
