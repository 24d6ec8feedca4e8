/**
 * Invocations the verify step runs against an extracted zip, where one can run without AWS:
 * they prove more than the import does (the native binding executing SQL, pdf.js parsing in
 * the bundle, the checks files found from the task root).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SmokeInvocation {
  /** What the invocation proves (printed). */
  label: string;
  env: Record<string, string>;
  event: unknown;
  /** null when the result is as expected, else what is wrong. */
  check(result: unknown): string | null;
}

type Result = Record<string, unknown> | null;
const asRecord = (r: unknown): Result => (r && typeof r === 'object' ? (r as Record<string, unknown>) : null);

const SMOKE_BATCH = { seq: 1, fromSeq: 0, ts: '2025-06-01T00:00:00.000Z', years: [2025], fingerprints: {} };
const SAMPLE_SOURCE = join('sample-data', 'house-fd', 'source');
const SAMPLE_PTR = { year: 2025, docId: '20026590' };

export async function smokeInvocation(folder: string, root: string, scratch: string): Promise<SmokeInvocation | null> {
  const lake = join(scratch, 'lake');
  await mkdir(lake, { recursive: true });
  switch (folder) {
    case 'run-quality-checks':
      return {
        label: 'quality gate on an empty lake, checks found from $LAMBDA_TASK_ROOT',
        // QUALITY_CHECKS_DIR deliberately unset: the function must find soda/checks in the zip.
        env: { MEDALLION_LAKE_URI: lake },
        event: {
          batchSeq: 1,
          layer: 'silver',
          checks: ['silver_filings.yml'],
          datasets: { silver_filings: 'silver/house_fd/filings/*.parquet' },
          now: '2025-06-01T00:00:00Z',
        },
        check(result) {
          const r = asRecord(result);
          if (r?.resultKey !== 'quality/results/layer=silver/batch=000001.json' || typeof r.outcome !== 'string')
            return `unexpected gate result ${JSON.stringify(result)?.slice(0, 300)}`;
          if (!existsSync(join(lake, String(r.resultKey)))) return 'the gate wrote no scan result to the lake';
          return null;
        },
      };
    case 'house-fd-extract-document': {
      const source = join(root, SAMPLE_SOURCE);
      if (!existsSync(join(source, 'ptr-pdfs', String(SAMPLE_PTR.year), `${SAMPLE_PTR.docId}.pdf`))) return null;
      // The Map item is a DocID: the function reads the document from the batch's list, as IndexToSilver writes it.
      const doc = {
        docId: SAMPLE_PTR.docId,
        year: SAMPLE_PTR.year,
        filingDate: '2025-01-15',
        bioguideId: null,
        filerName: 'Smoke Test',
        stateDistrict: null,
        isSynthetic: false,
      };
      await mkdir(join(lake, '_batches', 'house_fd_documents'), { recursive: true });
      await writeFile(join(lake, '_batches', 'house_fd_documents', 'batch=000001.json'), JSON.stringify([doc]));
      return {
        label: `PTR ${SAMPLE_PTR.docId} parsed by pdf.js and written to silver Parquet by DuckDB`,
        env: { MEDALLION_LAKE_URI: lake, HOUSE_FD_SOURCE_URL: source, WATERMARK_TABLE: 'smoke-watermarks' },
        event: {
          batch: SMOKE_BATCH,
          docId: SAMPLE_PTR.docId,
        },
        check(result) {
          const r = asRecord(result);
          if (r?.status !== 'ok' || !(Number(r.rows) > 0)) return `expected status ok with rows, got ${JSON.stringify(result)?.slice(0, 300)}`;
          if (!existsSync(join(lake, 'silver', 'house_fd', 'transactions_by_document', `doc_id=${SAMPLE_PTR.docId}.parquet`)))
            return 'no silver Parquet written';
          return null;
        },
      };
    }
    case 'ndjson-convert': {
      // Three lines: two rows, one poison line. The row scanner (the compiled one, when shipped) reads them.
      const input = join(scratch, 'input');
      const key = '2025-06-01/smoke.ndjson';
      const body = '{"id":1,"name":"a"}\nnot json\n{"id":2,"name":"b"}\n';
      await mkdir(join(input, '2025-06-01'), { recursive: true });
      await writeFile(join(input, key), body);
      return {
        label: 'a manifest of one NDJSON file converted to silver Parquet by DuckDB, its poison line quarantined',
        env: { MEDALLION_LAKE_URI: lake, NDJSON_INPUT_URI: input, NDJSON_THREADS: '1', NDJSON_WORK_DIR: scratch },
        event: {
          manifest: { manifest_id: 'smoke', bytes: body.length, files: [{ date_prefix: '2025-06-01', file_key: key, size: body.length, etag: 'smoke' }] },
        },
        check(result) {
          const r = asRecord(result);
          if (r?.lines !== 3 || r.rowsWritten !== 2 || asRecord(r.quarantined)?.not_json !== 1)
            return `expected 3 lines, 2 rows, 1 not_json, got ${JSON.stringify(result)?.slice(0, 300)}`;
          return null;
        },
      };
    }
    default:
      return null;
  }
}
