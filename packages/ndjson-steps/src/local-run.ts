/**
 * The real NDJSON path on a laptop: every file under the input directory "lands" in the input
 * bucket under the same relative key → S3 event notifications → the SQS emulator (RedrivePolicy to
 * a DLQ) → the manifest builder → ndjson_parquet_pipeline on the local Step Functions endpoint
 * (real @aws-sdk/client-sfn) → converter, update status / compensation, against dynalite.
 */
import type { ObjectStore } from '@medallion/lake';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResiliencePolicy } from '@medallion/circuit-breaker';
import { createOutbox, pollQueue, s3EventRecords, startLocalSqs, startLocalStepFunctions, type LocalEcsTask, type LocalHandler } from '@medallion/local';
import type { SQSEvent } from 'aws-lambda';
import { stepFunctionsDispatcher } from './dispatcher';
import { dispatchReadyManifests, handleS3EventBatch, type BuilderDeps, type ManifestLimits } from './manifest-builder';
import { compensate, updateStatus, type ManifestOutcomeInput } from './status';
import { fileTracking } from './wiring';

export const PIPELINE = 'ndjson_parquet_pipeline';

export interface LocalEtlRun {
  inputDir: string;
  /** The repository's ASL file, parsed. */
  definition: Record<string, unknown>;
  dynamo: { client: DynamoDBClient; tables: Record<string, string> };
  /** The converter as the state machine's Lambda calls it: event { manifest } → ConvertResult. */
  convert: LocalHandler;
  /** The lake the converter writes: compensation and recovery remove a failed manifest's outputs there. */
  lake?: ObjectStore;
  /** The Fargate path's process (runConvertTask); without it a manifest over the threshold fails and is compensated. */
  convertTask?: LocalEcsTask;
  limits?: Partial<ManifestLimits>;
  /** Each S3 event sent this many times (SQS is at-least-once; the fault tests send 3). */
  deliveries?: number;
  shards?: number;
}

export interface LocalEtlSummary {
  files: number;
  registered: number;
  duplicates: number;
  skipped: Record<string, number>;
  manifests: { started: number; succeeded: number; failed: number };
  lines: number;
  rowsWritten: number;
  blankLines: number;
  quarantined: Record<string, number>;
  outputs: string[];
  dynamoCalls: number;
  dynamoCallsPerFile: number;
  dynamoWritesPerFile: number;
  dlqMessages: number;
}

/** Every regular file under `dir`, as keys relative to it with '/' separators. */
export function landedObjects(dir: string): { key: string; size: number; etag: string }[] {
  const out: { key: string; size: number; etag: string }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = statSync(p);
        out.push({ key: relative(dir, p).split(sep).join('/'), size: st.size, etag: `${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}` });
      }
    }
  };
  walk(dir);
  return out;
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/** Counts every DynamoDB request the run makes, and which were writes (the "calls per file" of the summary). */
function countCalls(client: DynamoDBClient): { count(): number; writes(): number } {
  let n = 0;
  let w = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      n++;
      if (WRITES.test(String(context.commandName))) w++;
      return next(args);
    },
    { step: 'initialize', name: 'ndjsonCallCounter', override: true },
  );
  return { count: () => n, writes: () => w };
}

const add = (into: Record<string, number>, from: Record<string, number | undefined> | undefined) => {
  for (const [k, v] of Object.entries(from ?? {})) if (v) into[k] = (into[k] ?? 0) + v;
};

export async function runLocalIngest(run: LocalEtlRun): Promise<LocalEtlSummary> {
  const objects = landedObjects(run.inputDir);
  const calls = countCalls(run.dynamo.client);
  const tracking = fileTracking({
    client: run.dynamo.client,
    table: run.dynamo.tables.file_tracking,
    manifestsTable: run.dynamo.tables.ndjson_manifests,
    shards: run.shards ?? 4,
    ttlDays: 30,
  });
  const summary: LocalEtlSummary = {
    files: objects.length,
    registered: 0,
    duplicates: 0,
    skipped: {},
    manifests: { started: 0, succeeded: 0, failed: 0 },
    lines: 0,
    rowsWritten: 0,
    blankLines: 0,
    quarantined: {},
    outputs: [],
    dynamoCalls: 0,
    dynamoCallsPerFile: 0,
    dynamoWritesPerFile: 0,
    dlqMessages: 0,
  };
  const outbox = createOutbox();
  const sqs = await startLocalSqs();
  const sfn = await startLocalStepFunctions({
    definitions: { [PIPELINE]: run.definition },
    functions: {
      fn_ndjson_convert: run.convert,
      fn_ndjson_update_status: async (e) => updateStatus(tracking, e as ManifestOutcomeInput),
      fn_ndjson_compensate: async (e) => compensate(tracking, e as ManifestOutcomeInput, run.lake),
    },
    placeholders: {
      alerts_topic_arn: 'arn:aws:sns:local:000000000000:medallion-local-alerts',
      ecs_cluster_arn: 'arn:aws:ecs:local:000000000000:cluster/medallion-local',
      ecs_task_definition_arn: 'ndjson-convert-local',
      ecs_subnets: 'subnet-local',
      ecs_security_groups: 'sg-local',
    },
    ecsTasks: run.convertTask
      ? { 'ndjson-convert-local': run.convertTask }
      : { 'ndjson-convert-local': { command: process.execPath, args: ['-e', 'process.exit(1)'] } },
    outbox,
    fastRetries: true,
    onTaskResult: (_arn, r) => {
      if (r.state !== 'Convert') return;
      const o = r.output as { lines?: number; rowsWritten?: number; blankLines?: number; quarantined?: Record<string, number>; outputs?: string[] };
      summary.lines += o.lines ?? 0;
      summary.rowsWritten += o.rowsWritten ?? 0;
      summary.blankLines += o.blankLines ?? 0;
      add(summary.quarantined, o.quarantined);
      summary.outputs.push(...(o.outputs ?? []));
    },
  });
  try {
    const queue = await sqs.createQueue('ndjson-input-events', { visibilityTimeoutSeconds: 10, maxReceiveCount: 5 });
    const bodies = s3EventRecords('ndjson-input', objects);
    for (let d = 0; d < (run.deliveries ?? 1); d++) {
      for (let i = 0; i < bodies.length; i += 10) {
        const entries = bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b }));
        await sqs.client.send(new SendMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries: entries }));
      }
    }
    const deps: BuilderDeps = {
      tracking,
      dispatcher: stepFunctionsDispatcher(sfn.client, sfn.stateMachineArns[PIPELINE]),
      policy: createResiliencePolicy({
        client: run.dynamo.client,
        table: run.dynamo.tables.circuit_breakers,
        breakerId: 'ndjson-dispatch-local',
        failureThreshold: 5,
        halfOpenAfterMs: 2_000,
        timeoutMs: 10_000,
        retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 500 },
      }),
      // While events arrive a manifest closes only when full; the flush below closes the rest (as hourly recovery does).
      limits: { maxFiles: 1000, maxBytes: 256 * 1024 * 1024, maxWaitS: 3600, ...run.limits },
      lake: run.lake,
      log: (message, detail) => {
        if (message === 'skipped key') add(summary.skipped, { [String(detail.reason).replace(/^key ".*?"[: ]*/, '') || 'not an input key']: 1 });
      },
    };
    const handler = async (event: SQSEvent) => {
      const res = await handleS3EventBatch(deps, event);
      summary.registered += res.registered;
      summary.duplicates += res.duplicates;
      summary.manifests.started += res.manifests.length;
      return { batchItemFailures: res.batchItemFailures };
    };
    await Promise.all([1, 2, 3, 4].map(() => pollQueue({ client: sqs.client, queueUrl: queue.queueUrl, handler, batchSize: 10 })));
    // Bounded by what is pending now: files a failed execution hands back meanwhile wait for the next run (or hourly recovery).
    const pending = await tracking.listPendingFiles({ limit: 1_000_000 });
    const bytes = pending.reduce((n, f) => n + f.size, 0);
    // Greedy packing by size needs at most 2·⌈bytes/maxBytes⌉ − 1 manifests.
    const bound = Math.max(Math.ceil(pending.length / deps.limits.maxFiles), 2 * Math.ceil(bytes / deps.limits.maxBytes) - 1);
    summary.manifests.started += (await dispatchReadyManifests({ ...deps, limits: { ...deps.limits, maxWaitS: 0 } }, bound)).length;
    await sfn.idle();
    for (const e of sfn.executions()) {
      if (e.status === 'SUCCEEDED') summary.manifests.succeeded++;
      else if (e.status === 'FAILED') summary.manifests.failed++;
    }
    if (queue.dlqUrl) {
      const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
      const a = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      summary.dlqMessages = Number(a.Attributes?.ApproximateNumberOfMessages ?? 0);
    }
  } finally {
    await sfn.stop();
    await sqs.stop();
  }
  summary.dynamoCalls = calls.count();
  const perFile = (v: number) => (objects.length ? Math.round((v / objects.length) * 100) / 100 : 0);
  summary.dynamoCallsPerFile = perFile(summary.dynamoCalls);
  summary.dynamoWritesPerFile = perFile(calls.writes());
  return summary;
}

/** The repository's ASL for this pipeline. */
export function readDefinition(repoRoot: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, 'state_machines', `${PIPELINE}.json`), 'utf8')) as Record<string, unknown>;
}
