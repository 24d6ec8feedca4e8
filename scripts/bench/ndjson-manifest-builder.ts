/**
 * Benchmark: N input files through the NDJSON manifest builder's real code path against dynalite. S3 event
 * notification bodies (one per object, as S3 sends them) are grouped into SQS batches of 10 and handed to
 * handleS3EventBatch with the deps the Lambda builds from its environment (builderDepsFromEnv: file-tracking,
 * circuit breaker in DynamoDB), `concurrency` batches at a time (concurrent Lambda containers). Dispatch goes to a
 * stub that records each manifest; the real status updater (updateStatus) then marks its files processed, so the
 * writes per file are end to end: register, claim, processed. DynamoDB requests are counted by SDK middleware on
 * the client the handler uses, per operation and table; claim latency is timed per claimFiles call (one manifest)
 * and per conditional UpdateItem on file_tracking during the builder phase (one file).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builderDepsFromEnv, depsFromEnv, handleS3EventBatch, trackingFromEnv, updateStatus } from '@medallion/ndjson-steps';
import { s3EventRecords, startLocalDynamo } from '@medallion/local';
import { CAPACITY_DEFAULTS, capacityArithmetic, capacityMarkdown } from './ndjson-capacity';

export interface BuilderBenchSettings {
  files: number;
  /** SQS batches handled at once (Lambda containers). */
  concurrency: number;
  shards: number;
  maxFiles: number;
}

export const BUILDER_BENCH_DEFAULTS: BuilderBenchSettings = { files: 100_000, concurrency: 1, shards: 10, maxFiles: 1000 };

// Types from the public API (the root package depends on neither the SDK nor @types/aws-lambda directly).
type BuilderDeps = Parameters<typeof handleS3EventBatch>[0];
type SQSEvent = Parameters<typeof handleS3EventBatch>[1];
type SQSRecord = SQSEvent['Records'][number];
type DynamoDBClient = ReturnType<typeof depsFromEnv>['dynamo'];

const WRITE = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

interface Counter {
  byOp: Map<string, number>;
  writes: number;
  reads: number;
  claimUpdateMs: number[];
  phase: 'builder' | 'status';
}

/** Counts every request the client sends (at the deserialize step, inside the SDK's retries: one count per attempt). */
function countRequests(client: DynamoDBClient, trackingTable: string): Counter {
  const c: Counter = { byOp: new Map(), writes: 0, reads: 0, claimUpdateMs: [], phase: 'builder' };
  const middleware: Parameters<DynamoDBClient['middlewareStack']['add']>[0] = (next, context) => async (args) => {
    const op = String(context.commandName).replace(/Command$/, '');
    const table = String((args.input as { TableName?: string }).TableName ?? '');
    const key = `${op} ${table.replace(/^medallion-bench-/, '')}`;
    c.byOp.set(key, (c.byOp.get(key) ?? 0) + 1);
    if (WRITE.test(op)) c.writes++;
    else c.reads++;
    const t0 = performance.now();
    const out = await next(args);
    // During the builder phase the only UpdateItems on file_tracking are claims (releases only on a failed dispatch).
    if (c.phase === 'builder' && op === 'UpdateItem' && table === trackingTable) c.claimUpdateMs.push(performance.now() - t0);
    return out;
  };
  client.middlewareStack.add(middleware, { step: 'deserialize', name: 'benchRequestCounter', override: true });
  return c;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

function sqsBatches(bodies: string[]): SQSEvent[] {
  const out: SQSEvent[] = [];
  for (let i = 0; i < bodies.length; i += 10) {
    const Records = bodies.slice(i, i + 10).map(
      (body, j) =>
        ({
          messageId: `m-${i + j}`,
          receiptHandle: `r-${i + j}`,
          body,
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: String(Date.now()),
            SenderId: 'bench',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ndjson-input-events',
          awsRegion: 'us-east-1',
        }) satisfies SQSRecord,
    );
    out.push({ Records });
  }
  return out;
}

export interface BuilderBenchResult {
  settings: BuilderBenchSettings;
  seconds: { builder: number; status: number };
  registered: number;
  manifests: number;
  processed: number;
  writes: number;
  reads: number;
  byOp: [string, number][];
  claimFileMs: { p50: number; p99: number; n: number };
  claimManifestMs: { p50: number; p99: number; n: number };
}

export async function benchManifestBuilder(s: BuilderBenchSettings): Promise<BuilderBenchResult> {
  const dynamo = await startLocalDynamo({ tablePrefix: 'medallion-bench' });
  const lakeDir = await mkdtemp(join(tmpdir(), 'bench-builder-lake-'));
  try {
    const env = {
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      MEDALLION_TABLE_FILE_TRACKING: dynamo.tables.file_tracking,
      MEDALLION_TABLE_NDJSON_MANIFESTS: dynamo.tables.ndjson_manifests,
      MEDALLION_TABLE_CIRCUIT_BREAKERS: dynamo.tables.circuit_breakers,
      NDJSON_SHARDS: String(s.shards),
      NDJSON_MANIFEST_MAX_FILES: String(s.maxFiles),
      NDJSON_MANIFEST_MAX_WAIT_S: '3600',
      NDJSON_DISPATCH: 'stepfunctions',
      NDJSON_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:ndjson_parquet_pipeline',
      // Large manifests are written here and dispatched by key, as in AWS (the lake bucket's _manifests/ndjson/).
      MEDALLION_LAKE_URI: lakeDir,
      LOG_LEVEL: 'WARN',
    };
    const counter = countRequests(depsFromEnv(env).dynamo, dynamo.tables.file_tracking!);
    const base = builderDepsFromEnv(env);
    // As StartExecution receives them: inline, or (over 6 KiB of JSON, e.g. 1,000 files) { manifest_id, bytes, manifest_key }.
    const dispatched: Parameters<BuilderDeps['dispatcher']['dispatch']>[0][] = [];
    const claimManifestMs: number[] = [];
    const deps: BuilderDeps = {
      ...base,
      // The stub state machine: records the manifest as StartExecution would receive it.
      dispatcher: {
        async dispatch(m) {
          dispatched.push(m);
          return { outcome: 'started' as const, executionArn: `${env.NDJSON_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${m.manifest_id}` };
        },
        async executionStatus() {
          return 'RUNNING' as const;
        },
      },
      tracking: {
        ...base.tracking,
        async claimFiles(files: Parameters<typeof base.tracking.claimFiles>[0], id: string) {
          const t0 = performance.now();
          try {
            return await base.tracking.claimFiles(files, id);
          } finally {
            claimManifestMs.push(performance.now() - t0);
          }
        },
      },
    };
    const day = '2026-12-05';
    const objects = Array.from({ length: s.files }, (_, i) => ({
      key: `${day}/events-${String(i).padStart(7, '0')}.ndjson.gz`,
      size: 40_000 + (i % 997),
      etag: `e${i}`,
    }));
    const batches = sqsBatches(s3EventRecords('ndjson-input', objects));
    let registered = 0;
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const res = await handleS3EventBatch(deps, batches[next++]!);
        if (res.batchItemFailures.length) throw new Error(`batch failed: ${res.dispatchError ?? `${res.batchItemFailures.length} records`}`);
        registered += res.registered;
      }
    };
    await Promise.all(Array.from({ length: s.concurrency }, worker));
    // The tail below one full manifest: what the max wait (or hourly recovery) closes; an empty batch runs the same dispatch.
    const flush: BuilderDeps = { ...deps, limits: { ...deps.limits, maxWaitS: 0 } };
    for (let before = -1; before !== dispatched.length; ) {
      before = dispatched.length;
      await handleS3EventBatch(flush, { Records: [] });
    }
    const builderSeconds = (performance.now() - t0) / 1000;
    counter.phase = 'status';
    const t1 = performance.now();
    const tracking = trackingFromEnv(env);
    let processed = 0;
    for (const m of dispatched) processed += (await updateStatus(tracking, m, base.lake)).processed;
    const statusSeconds = (performance.now() - t1) / 1000;
    return {
      settings: s,
      seconds: { builder: builderSeconds, status: statusSeconds },
      registered,
      manifests: dispatched.length,
      processed,
      writes: counter.writes,
      reads: counter.reads,
      byOp: [...counter.byOp].sort((a, b) => b[1] - a[1]),
      claimFileMs: { p50: percentile(counter.claimUpdateMs, 50), p99: percentile(counter.claimUpdateMs, 99), n: counter.claimUpdateMs.length },
      claimManifestMs: { p50: percentile(claimManifestMs, 50), p99: percentile(claimManifestMs, 99), n: claimManifestMs.length },
    };
  } finally {
    await dynamo.stop();
    await rm(lakeDir, { recursive: true, force: true });
  }
}

const n0 = (n: number) => Math.round(n).toLocaleString('en-US');
const per = (n: number, files: number) => (n / files).toFixed(3);

export function builderBenchMarkdown(r: BuilderBenchResult): string {
  const { files, concurrency, shards, maxFiles } = r.settings;
  const capacity = { ...CAPACITY_DEFAULTS, shards };
  const ops = r.byOp.map(([op, n]) => `| ${op} | ${n0(n)} | ${per(n, files)} |`).join('\n');
  return `#### ndjson-manifest-builder — S3 events → handleS3EventBatch → claim → (stub) dispatch → updateStatus, on dynalite

${n0(files)} files in SQS batches of 10, handled ${concurrency} at a time; NDJSON_SHARDS=${shards}, manifests of ${n0(maxFiles)} files; the real builder deps from the environment, a stub state machine, then the real status updater.

| measure | value |
|---|---:|
| files registered / processed | ${n0(r.registered)} / ${n0(r.processed)} |
| manifests | ${n0(r.manifests)} |
| builder throughput (register + claim + dispatch) | **${n0(files / r.seconds.builder)} files/s** (${r.seconds.builder.toFixed(1)} s) |
| status updater (processed) | ${n0(files / r.seconds.status)} files/s (${r.seconds.status.toFixed(1)} s) |
| DynamoDB writes per file, end to end | **${per(r.writes, files)}** (goal ≤ 3) |
| DynamoDB reads per file | ${per(r.reads, files)} |
| claim latency per file (conditional UpdateItem) p50 / p99 | ${r.claimFileMs.p50.toFixed(1)} / **${r.claimFileMs.p99.toFixed(1)} ms** (${n0(r.claimFileMs.n)} requests) |
| claim latency per manifest (claimFiles) p50 / p99 | ${r.claimManifestMs.p50.toFixed(0)} / ${r.claimManifestMs.p99.toFixed(0)} ms (${n0(r.claimManifestMs.n)} calls) |

| request (operation, table) | count | per file |
|---|---:|---:|
${ops}

Capacity at ${n0(capacity.filesPerDay)} files/day with a ${capacity.peakFactor}× peak (DynamoDB: ${n0(capacity.partitionWcuLimit)} WCU/s per partition):

${capacityMarkdown(capacity, capacityArithmetic(capacity))}`;
}
