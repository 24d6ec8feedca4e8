/**
 * The real local path (S3 events → SQS emulator → manifest builder → Step Functions endpoint → ASL) with a
 * counting converter: every file converted exactly once although each event is delivered 3 times, a second
 * run converts nothing, and a converter failure is compensated and converted by the next run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testLocalDynamo, type LocalDynamo, type LocalHandler } from '@medallion/local';
import { readDefinition, runLocalIngest } from '../src/local-run';
import type { Manifest } from '../src/ports';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../..');
let dynamo: LocalDynamo;
let seq = 0;
afterEach(() => dynamo?.stop());

function inputDir(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'ndjson-in-'));
  for (let i = 0; i < files; i++) {
    const day = `2026-12-0${1 + (i % 2)}`;
    mkdirSync(join(dir, day), { recursive: true });
    writeFileSync(join(dir, day, `f${i}.ndjson`), `{"i":${i}}\n{"i":${i},"x":1}\n`);
  }
  writeFileSync(join(dir, 'README.txt'), 'not an input file');
  return dir;
}

/** A converter that records which manifest converted each file (and can fail a manifest once). */
function countingConverter(failFirst = false) {
  const converted = new Map<string, string[]>();
  let failed = !failFirst;
  const convert: LocalHandler = async (event) => {
    const { manifest } = event as { manifest: Manifest };
    if (!failed) {
      failed = true;
      throw Object.assign(new Error('converter crashed mid-manifest'), { name: 'ConvertFailed' });
    }
    for (const f of manifest.files) converted.set(f.file_key, [...(converted.get(f.file_key) ?? []), manifest.manifest_id]);
    return {
      manifestId: manifest.manifest_id,
      files: manifest.files.length,
      lines: manifest.files.length * 2,
      rowsWritten: manifest.files.length * 2,
      blankLines: 0,
      quarantined: {},
      outputs: [],
    };
  };
  return { convert, converted };
}

async function freshDynamo() {
  dynamo = await testLocalDynamo(`ndjsonrun${process.pid}x${++seq}`);
  return { client: dynamo.client, tables: dynamo.tables };
}

it('converts every file exactly once when each S3 event arrives 3 times, and a second run converts nothing', async () => {
  const dir = inputDir(25);
  const c = countingConverter();
  const run = { inputDir: dir, definition: readDefinition(REPO), dynamo: await freshDynamo(), convert: c.convert, limits: { maxFiles: 10 } };
  const first = await runLocalIngest({ ...run, deliveries: 3 });
  expect(first).toMatchObject({ files: 26, registered: 25, lines: 50, dlqMessages: 0 });
  // At least the 2 extra deliveries; more when a slow batch outlives the visibility timeout (at-least-once).
  expect(first.duplicates).toBeGreaterThanOrEqual(50);
  expect(first.skipped['is not <YYYY-MM-DD>/<name>.ndjson[.gz]']).toBe(1); // README.txt, counted once per file
  // ⌈files / maxFiles⌉ manifests at least; concurrent pollers racing for the same pending files can make more, smaller ones.
  expect(first.manifests.failed).toBe(0);
  expect(first.manifests.succeeded).toBe(first.manifests.started);
  expect(first.manifests.started).toBeGreaterThanOrEqual(3);
  expect(c.converted.size).toBe(25);
  expect([...c.converted.values()].every((ids) => ids.length === 1)).toBe(true);

  const second = await runLocalIngest(run);
  expect(second).toMatchObject({ registered: 0, lines: 0, manifests: { started: 0, succeeded: 0, failed: 0 } });
  expect([...c.converted.values()].every((ids) => ids.length === 1)).toBe(true);
});

it('compensates a manifest whose conversion failed; the next run converts its files once', async () => {
  const dir = inputDir(6);
  const c = countingConverter(true);
  const run = { inputDir: dir, definition: readDefinition(REPO), dynamo: await freshDynamo(), convert: c.convert };
  const first = await runLocalIngest(run);
  expect(first.manifests).toEqual({ started: 1, succeeded: 0, failed: 1 });
  expect(c.converted.size).toBe(0);
  const retry = await runLocalIngest(run);
  expect(retry.manifests).toEqual({ started: 1, succeeded: 1, failed: 0 });
  expect(c.converted.size).toBe(6);
  expect([...c.converted.values()].every((ids) => ids.length === 1)).toBe(true);
});

it('every file converted exactly once while DynamoDB throttles and loses responses after writing', async () => {
  const dir = inputDir(20);
  const c = countingConverter();
  const dyn = await freshDynamo();
  // Fault injection in the real client: every 9th request is throttled before it is sent, every 13th times out
  // after DynamoDB applied it (the response is lost), so retries meet their own earlier writes.
  let n = 0;
  dyn.client.middlewareStack.add(
    (next) => async (args) => {
      n++;
      if (n % 9 === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException', $retryable: { throttling: true } });
      const out = await next(args);
      if (n % 13 === 0) throw Object.assign(new Error('socket timed out after the write'), { name: 'TimeoutError' });
      return out;
    },
    { step: 'finalizeRequest', name: 'faults' },
  );
  const res = await runLocalIngest({
    inputDir: dir,
    definition: readDefinition(REPO),
    dynamo: dyn,
    convert: c.convert,
    limits: { maxFiles: 8 },
    deliveries: 3,
  });
  const again = await runLocalIngest({ inputDir: dir, definition: readDefinition(REPO), dynamo: dyn, convert: c.convert, limits: { maxFiles: 8 } });
  expect(res.dlqMessages + again.dlqMessages).toBe(0);
  expect(c.converted.size).toBe(20);
  expect([...c.converted.values()].every((ids) => ids.length === 1)).toBe(true);
});
