/**
 * Faults on the whole pipeline: bad PDFs quarantined while the run succeeds, the real fetch
 * path over loopback HTTP (ETag, Last-Modified, the Clerk's HTML 404 pages, a flaky 503), and a
 * seeded bad batch stopped by the silver quality gate with an alert and nothing promoted.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import type { LocalHandler } from '@medallion/local';
import { runPipelineLocally } from '@medallion/cli';
import { SourceUnavailableError } from '@medallion/house-fd-steps';
import { renderSummary } from '@medallion/cli';
import { fixMtimes, editIndex, goldFingerprint, pipelineScenarios, ptrDocIds, queryLake, SAMPLE, serveSource } from './helpers/house-fd';

const { fresh } = pipelineScenarios('faults');

type Extracted = { docId: string; status: string; reason?: string };
const extracted = (r: Awaited<ReturnType<typeof runPipelineLocally>>) => r.tasks.ExtractDocument.map((t) => t.output as Extracted);

describe('bad PTR PDFs', () => {
  it('quarantines scanned, truncated, garbage and empty PDFs with a reason, keeps their bytes, and the run succeeds', async () => {
    const opts = fresh();
    const missing = ptrDocIds(opts.sourceDir).filter((id) => !existsSync(join(opts.sourceDir, `ptr-pdfs/2025/${id}.pdf`)));
    const [scanned, truncated, garbage, empty] = missing;
    const pdf = (id: string) => join(opts.sourceDir, `ptr-pdfs/2025/${id}.pdf`);
    writeFileSync(pdf(scanned), readFileSync(join(SAMPLE, 'ptr-pdfs/2025/8220735.pdf')));
    writeFileSync(pdf(truncated), readFileSync(join(SAMPLE, 'ptr-pdfs/2025/20026590.pdf')).subarray(0, 3000));
    writeFileSync(pdf(garbage), Buffer.from('\0\0\0 not a pdf at all \0'.repeat(40)));
    writeFileSync(pdf(empty), Buffer.alloc(0));
    fixMtimes(opts.sourceDir);

    const run = await runPipelineLocally(opts);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path.at(-1)).toBe('Done');
    const byId = new Map(extracted(run).map((e) => [e.docId, e]));
    expect(byId.get(scanned)).toMatchObject({ status: 'quarantined', reason: 'no_text_layer' });
    expect(byId.get(truncated)).toMatchObject({ status: 'quarantined', reason: expect.stringMatching(/^(truncated_pdf|corrupt_pdf)$/) });
    expect(byId.get(garbage)).toMatchObject({ status: 'quarantined', reason: 'not_a_pdf' });
    expect(byId.get(empty)).toMatchObject({ status: 'quarantined', reason: 'empty_file' });
    // Nothing lost: a quarantine record with the reason, and the bytes kept in bronze.
    const record = JSON.parse(readFileSync(join(opts.lakeDir, `quarantine/house_fd/batch=000001/${scanned}.json`), 'utf8'));
    expect(record).toMatchObject({ doc_id: scanned, reason: 'no_text_layer', bronze_key: `bronze/house_fd/ptr-pdfs/year=2025/${scanned}.pdf` });
    expect(existsSync(join(opts.lakeDir, record.bronze_key))).toBe(true);
    expect(renderSummary(run)).toMatch(/no_text_layer\s+1/);
    expect(existsSync(join(opts.lakeDir, 'gold/house_fd/fact_ptr_transactions/batch=000001.parquet'))).toBe(true);
  });
});

describe('a PTR the Clerk publishes after listing it', () => {
  it("is quarantined as not published, then extracted by the next batch into that batch's facts", async () => {
    const opts = fresh();
    const pdf = join(opts.sourceDir, 'ptr-pdfs/2025/20027933.pdf');
    renameSync(pdf, `${pdf}.later`);
    const first = await runPipelineLocally(opts);
    expect(first.status).toBe('SUCCEEDED');
    expect(extracted(first).find((e) => e.docId === '20027933')).toMatchObject({ status: 'quarantined', reason: 'not_published' });
    expect(existsSync(join(opts.lakeDir, '_pending/house_fd/ptr/20027933.json'))).toBe(true);

    // The PDF appears, and the index changes (a new candidate filing), which opens batch 2.
    renameSync(`${pdf}.later`, pdf);
    editIndex(opts.sourceDir, (xml) =>
      xml.replace(
        '</FinancialDisclosure>',
        `  <Member>
    <Prefix /><Last>Newfiler</Last><First>Cand</First><Suffix /><FilingType>C</FilingType><StateDst>TX07</StateDst><Year>2025</Year><FilingDate>12/30/2025</FilingDate><DocID>10099999</DocID>
  </Member>
</FinancialDisclosure>`,
      ),
    );
    const second = await runPipelineLocally(opts);
    expect(second.status).toBe('SUCCEEDED');
    expect(second.path.at(-1)).toBe('Done');
    const index = second.tasks.IndexToSilver[0].output as { rowsOut: number; retriedDocuments: number };
    expect(index.rowsOut).toBe(1);
    expect(index.retriedDocuments).toBe(470); // every PTR still pending after batch 1 (469 not published + the HTML page)
    expect(extracted(second).find((e) => e.docId === '20027933')).toMatchObject({ status: 'ok', rows: 7 });
    expect(existsSync(join(opts.lakeDir, '_pending/house_fd/ptr/20027933.json'))).toBe(false);
    const byBatch = await queryLake<{ file: string; n: number; ids: number }>(
      (p) =>
        `SELECT regexp_extract(filename, 'batch=[0-9]+') AS file, count(*)::INT AS n, count(DISTINCT transaction_id)::INT AS ids
       FROM read_parquet(${p(join(opts.lakeDir, 'gold/house_fd/fact_ptr_transactions/*.parquet'))}, hive_partitioning = false, filename = true)
       GROUP BY 1 ORDER BY 1`,
    );
    expect(byBatch).toEqual([
      { file: 'batch=000001', n: 9, ids: 9 },
      { file: 'batch=000002', n: 7, ids: 7 },
    ]);
  });
});

describe('the Clerk over HTTP', () => {
  it('fetches through HEAD/GET with ETag and Last-Modified, retries a 503, treats HTML 404 pages as not published, and gives the same gold as the directory source', async () => {
    const viaDir = fresh();
    const dirRun = await runPipelineLocally(viaDir);
    expect(dirRun.status).toBe('SUCCEEDED');

    const viaHttp = fresh();
    const server = await serveSource(viaHttp.sourceDir, { unavailable: { '/ptr-pdfs/2025/20026590.pdf': 2 } });
    try {
      const run = await runPipelineLocally({ ...viaHttp, sourceDir: server.url });
      expect(run.status).toBe('SUCCEEDED');
      expect(run.path.at(-1)).toBe('Done');
      expect(server.requests).toContain('HEAD /financial-pdfs/2025FD.zip');
      expect(server.requests.filter((r) => r === 'GET /ptr-pdfs/2025/20026590.pdf')).toHaveLength(3);
      const ok = extracted(run)
        .filter((e) => e.status === 'ok')
        .map((e) => e.docId)
        .sort();
      expect(ok).toEqual(['20026590', '20027933']);
      expect(
        new Set(
          extracted(run)
            .filter((e) => e.status !== 'ok')
            .map((e) => e.reason),
        ),
      ).toEqual(new Set(['not_published', 'html_error_page']));
      expect(run.watermarkAfter?.fingerprints['2025']).toMatch(/^"[0-9a-f]{32}"$/);
      expect(goldFingerprint(viaHttp.lakeDir)).toEqual(goldFingerprint(viaDir.lakeDir));

      const again = await runPipelineLocally({ ...viaHttp, sourceDir: server.url });
      expect(again.path).toEqual(['CheckNewFilings', 'HasNewFilings', 'NoNewFilings']);
    } finally {
      await server.close();
    }
  });
});

describe('a failed run', () => {
  it('names the error and its message in the summary (not "Error" or "undefined")', async () => {
    const opts = fresh();
    const down: LocalHandler = async () => {
      throw new SourceUnavailableError('GET http://127.0.0.1:9/members.json failed: fetch failed');
    };
    const run = await runPipelineLocally({ ...opts, wrapFunctions: (fns) => ({ ...fns, fn_house_fd_index_to_silver: down }) });
    expect(run.status).toBe('FAILED');
    expect(run.caught[0]).toMatchObject({ state: 'IndexToSilver', error: 'SourceUnavailable: GET http://127.0.0.1:9/members.json failed: fetch failed' });
    const summary = renderSummary(run);
    expect(summary).toMatch(/^ {2}at IndexToSilver: SourceUnavailable: GET http:\/\/127\.0\.0\.1:9\/members\.json failed: fetch failed( \(\d attempts\))?$/m);
    expect(summary).not.toMatch(/at \w+: (Error|undefined)$/m);
  });
});

describe('the silver quality gate', () => {
  it('stops a seeded bad batch: nothing promoted to gold, the watermark stays, and the alert names the failing check', async () => {
    const opts = fresh();
    editIndex(opts.sourceDir, (xml) =>
      xml.replace(
        '</FinancialDisclosure>',
        `  <Member>
    <Prefix>Hon.</Prefix>
    <Last>Seeded</Last>
    <First>Bad</First>
    <Suffix />
    <FilingType>P</FilingType>
    <StateDst>CA11</StateDst>
    <Year>2025</Year>
    <FilingDate></FilingDate>
    <DocID>20099999</DocID>
  </Member>
</FinancialDisclosure>`,
      ),
    );
    const run = await runPipelineLocally(opts);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('QualityGateFailed');
    expect(run.path.slice(-4)).toEqual(['ValidateSilver', 'SilverPassed', 'NotifyQualityFailure', 'QualityGateFailed']);
    expect(run.path).not.toContain('TransformToGold');
    expect(existsSync(join(opts.lakeDir, 'gold'))).toBe(false);
    expect(run.watermarkAfter?.seq ?? 0).toBe(0);
    expect(run.outbox).toHaveLength(1);
    expect(run.outbox[0].subject).toBe('Medallion house_fd_pipeline: quality gate failed');
    // The alert is the gate's text as written: one line per failing check, its failing rows, the result's key.
    const alert = String(run.outbox[0].message);
    expect(alert).toMatch(/^Quality gate FAIL for silver batch 1: \d+ pass, \d+ warn, \d+ fail, \d+ error\n/);
    expect(alert).toContain('\nFAIL silver_filings: every PTR has a filing date');
    expect(alert).toContain('"doc_id":"20099999"');
    expect(alert).toContain('\nFull scan result: quality/results/layer=silver/batch=000001.json');
    expect(renderSummary(run)).toContain('QUALITY GATE FAILED (silver)');
    // The alert reached the outbox file a user reads.
    expect(readFileSync(join(opts.lakeDir, 'outbox.jsonl'), 'utf8')).toContain('every PTR has a filing date');
  });
});

describe('the gold quality gate', () => {
  it('keeps a bad gold build a candidate: nothing published, the watermark stays, the alert names the check', async () => {
    const opts = fresh();
    // A buggy gold build, simulated: after the real TransformToGold, its dim_member candidate gets
    // a second current row for one member.
    const corruptDimMember =
      (build: LocalHandler): LocalHandler =>
      async (event, context) => {
        const out = (await build(event, context)) as { candidatePrefix: string };
        const file = join(opts.lakeDir, out.candidatePrefix, 'gold/house_fd/dim_member/dim_member.parquet');
        const duck = await openDuck({ threads: 1 });
        try {
          await duck.run(`COPY (SELECT * FROM read_parquet(${sqlPath(file)})
          UNION ALL (SELECT * REPLACE (member_key + 1 AS member_key) FROM read_parquet(${sqlPath(file)}) WHERE bioguide_id = 'P000197' AND is_current))
          TO ${sqlPath(`${file}.bad`)} (FORMAT parquet)`);
        } finally {
          duck.close();
        }
        renameSync(`${file}.bad`, file);
        return out;
      };
    const run = await runPipelineLocally({
      ...opts,
      wrapFunctions: (fns) => ({ ...fns, fn_house_fd_transform_to_gold: corruptDimMember(fns.fn_house_fd_transform_to_gold) }),
    });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('QualityGateFailed');
    expect(run.path.slice(-5)).toEqual(['TransformToGold', 'ValidateGold', 'GoldPassed', 'NotifyQualityFailure', 'QualityGateFailed']);
    expect(existsSync(join(opts.lakeDir, 'gold'))).toBe(false);
    expect(existsSync(join(opts.lakeDir, '_candidates/house_fd/batch=000001/gold/house_fd/dim_member/dim_member.parquet'))).toBe(true);
    expect(run.watermarkAfter?.seq ?? 0).toBe(0);
    const alert = String(run.outbox[0].message);
    expect(alert).toMatch(/^Quality gate FAIL for gold batch \d+/);
    expect(alert).toContain('\nFAIL dim_member: no member has more than one current row');
    expect(alert).toContain('P000197');

    // Fixed (the real build again): the same batch runs, passes, and is published.
    const fixed = await runPipelineLocally(opts);
    expect(fixed.status).toBe('SUCCEEDED');
    expect(fixed.path.slice(-4)).toEqual(['PublishGold', 'UpdateCache', 'AdvanceWatermark', 'Done']);
    expect(existsSync(join(opts.lakeDir, 'gold/house_fd/dim_member/dim_member.parquet'))).toBe(true);
    expect(fixed.watermarkAfter?.seq).toBe(1);
  });
});
