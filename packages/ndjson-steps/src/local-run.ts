/**
 * The real NDJSON path on a laptop: every file under the input directory "lands" in the input
 * bucket under the same relative key → S3 event notifications → the SQS emulator (RedrivePolicy to
 * a DLQ) → the manifest builder → ndjson_parquet_pipeline on the local Step Functions endpoint
 * (real @aws-sdk/client-sfn) → converter, update status / compensation, against dynalite.
 */
import type { ObjectStore } from '@medallion/lake';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createOutbox, pollQueue, s3EventRecords, startLocalSqs, startLocalStepFunctions, type LocalEcsTask, type LocalHandler } from '@medallion/local';
import { deployedFunctions, functionEnvironment, inProcessFunctions, type DeployedHandlers, type RunFunctions } from './local-functions';
import type { ManifestLimits } from './manifest-builder';
import { parseInputKey } from './s3-events';
import { fileTracking } from './wiring';

export const PIPELINE = 'ndjson_parquet_pipeline';

export interface LocalEtlRun {
  inputDir: string;
  /** The repository's ASL file, parsed. */
  definition: Record<string, unknown>;
  dynamo: { client: DynamoDBClient; tables: Record<string, string>; endpoint?: string };
  /**
   * The deployed handlers (functions/ndjson-*), invoked as Lambda would with `env` plus the emulators' endpoints,
   * the tables, the shard count and the limits in process.env: what `lake etl ingest` runs.
   */
  handlers?: DeployedHandlers;
  /** The functions' own environment (MEDALLION_LAKE_URI, NDJSON_INPUT_URI, LOG_LEVEL) with `handlers`. */
  env?: Record<string, string>;
  /** Without `handlers`: the converter as the state machine's Lambda calls it (event { manifest } → ConvertResult), the other steps in-process. */
  convert?: LocalHandler;
  /** The lake the converter writes: compensation and recovery remove a failed manifest's outputs there (in-process steps). */
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
  /** Files DuckDB read as they are, not rewritten. */
  filesReadDirectly: number;
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

/**
 * Counts every DynamoDB request the functions make, which were writes, and the outcome of each registration
 * (a conditional PutItem on file_tracking: registered, or a duplicate event) — the summary's "calls per file".
 */
function countCalls(clients: DynamoDBClient[], trackingTable: string) {
  const c = { calls: 0, writes: 0, registered: 0, duplicates: 0 };
  for (const client of new Set(clients)) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        c.calls++;
        const op = String(context.commandName);
        if (WRITES.test(op)) c.writes++;
        const registering = /^Put(Item)?Command$/.test(op) && (args.input as { TableName?: string }).TableName === trackingTable;
        try {
          const out = await next(args);
          if (registering) c.registered++;
          return out;
        } catch (err) {
          if (registering && (err as Error).name === 'ConditionalCheckFailedException') c.duplicates++;
          throw err;
        }
      },
      { step: 'initialize', name: 'ndjsonCallCounter', override: true },
    );
  }
  return c;
}

/** Keys the pipeline does not convert, by reason (the builder skips their events; each file counted once). */
function skippedKeys(objects: { key: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of objects) {
    const parsed = parseInputKey(o.key);
    if ('error' in parsed) {
      const reason = parsed.error.replace(/^key ".*?"[: ]*/, '') || 'not an input key';
      out[reason] = (out[reason] ?? 0) + 1;
    }
  }
  return out;
}

const add = (into: Record<string, number>, from: Record<string, number | undefined> | undefined) => {
  for (const [k, v] of Object.entries(from ?? {})) if (v) into[k] = (into[k] ?? 0) + v;
};

const emptySummary = (files: number, skipped: Record<string, number>): LocalEtlSummary => ({
  files,
  registered: 0,
  duplicates: 0,
  skipped,
  manifests: { started: 0, succeeded: 0, failed: 0 },
  lines: 0,
  rowsWritten: 0,
  filesReadDirectly: 0,
  blankLines: 0,
  quarantined: {},
  outputs: [],
  dynamoCalls: 0,
  dynamoCallsPerFile: 0,
  dynamoWritesPerFile: 0,
  dlqMessages: 0,
});

/** The Convert task's counts into the summary. */
function addConvertResult(summary: LocalEtlSummary, output: unknown): void {
  const o = output as {
    lines?: number;
    rowsWritten?: number;
    filesReadDirectly?: number;
    blankLines?: number;
    quarantined?: Record<string, number>;
    outputs?: string[];
  };
  summary.lines += o.lines ?? 0;
  summary.rowsWritten += o.rowsWritten ?? 0;
  summary.filesReadDirectly += o.filesReadDirectly ?? 0;
  summary.blankLines += o.blankLines ?? 0;
  add(summary.quarantined, o.quarantined);
  summary.outputs.push(...(o.outputs ?? []));
}

export async function runLocalIngest(run: LocalEtlRun): Promise<LocalEtlSummary> {
  const objects = landedObjects(run.inputDir);
  const summary = emptySummary(objects.length, skippedKeys(objects));
  // While events arrive a manifest closes only when full; the flush closes the rest (as hourly recovery does).
  const limits: ManifestLimits = { maxFiles: 1000, maxBytes: 256 * 1024 * 1024, maxWaitS: 3600, ...run.limits };
  const shards = run.shards ?? 4;
  const tracking = fileTracking({
    client: run.dynamo.client,
    table: run.dynamo.tables.file_tracking,
    manifestsTable: run.dynamo.tables.ndjson_manifests,
    shards,
    ttlDays: 30,
  });
  const sqs = await startLocalSqs();
  // The state machine's tasks are bound once the functions exist, which need the endpoint's address first.
  let functions: RunFunctions | undefined;
  const task =
    (placeholder: string): LocalHandler =>
    (event, context) =>
      functions!.tasks[placeholder](event, context);
  const sfn = await startLocalStepFunctions({
    definitions: { [PIPELINE]: run.definition },
    functions: Object.fromEntries(['fn_ndjson_convert', 'fn_ndjson_update_status', 'fn_ndjson_compensate'].map((p) => [p, task(p)])),
    placeholders: {
      alerts_topic_arn: 'arn:aws:sns:local:000000000000:medallion-local-alerts',
      ecs_cluster_arn: 'arn:aws:ecs:local:000000000000:cluster/medallion-local',
      ecs_task_definition_arn: 'ndjson-convert-local',
      ecs_subnets: 'subnet-local',
      ecs_security_groups: 'sg-local',
    },
    ecsTasks: { 'ndjson-convert-local': run.convertTask ?? { command: process.execPath, args: ['-e', 'process.exit(1)'] } },
    outbox: createOutbox(),
    fastRetries: true,
    onTaskResult: (_arn, r) => {
      if (r.state === 'Convert') addConvertResult(summary, r.output);
    },
  });
  const stateMachineArn = sfn.stateMachineArns[PIPELINE];
  if (run.handlers) {
    const endpoints = { dynamo: run.dynamo, stepFunctions: { endpoint: sfn.endpoint, stateMachineArn }, shards, limits };
    functions = deployedFunctions(run.handlers, functionEnvironment(run.env ?? {}, endpoints));
  } else {
    if (!run.convert) throw new Error('runLocalIngest needs the deployed handlers or an in-process convert');
    functions = inProcessFunctions({
      tracking,
      client: run.dynamo.client,
      breakersTable: run.dynamo.tables.circuit_breakers,
      stepFunctions: sfn.client,
      stateMachineArn,
      convert: run.convert,
      lake: run.lake,
      limits,
    });
  }
  const fns = functions;
  try {
    await fns.around(async () => {
      const calls = countCalls(fns.dynamoClients(), run.dynamo.tables.file_tracking);
      const queue = await sqs.createQueue('ndjson-input-events', { visibilityTimeoutSeconds: 10, maxReceiveCount: 5 });
      const bodies = s3EventRecords('ndjson-input', objects);
      for (let d = 0; d < (run.deliveries ?? 1); d++) {
        for (let i = 0; i < bodies.length; i += 10) {
          const entries = bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b }));
          await sqs.client.send(new SendMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries: entries }));
        }
      }
      await Promise.all([1, 2, 3, 4].map(() => pollQueue({ client: sqs.client, queueUrl: queue.queueUrl, handler: fns.builder, batchSize: 10 })));
      // Bounded by what is pending now: files a failed execution hands back meanwhile wait for the next run (or hourly recovery).
      const pending = await tracking.listPendingFiles({ limit: 1_000_000 });
      const bytes = pending.reduce((n, f) => n + f.size, 0);
      // Greedy packing by size needs at most 2·⌈bytes/maxBytes⌉ − 1 manifests.
      const bound = Math.max(Math.ceil(pending.length / limits.maxFiles), 2 * Math.ceil(bytes / limits.maxBytes) - 1);
      if (bound > 0) await fns.flush(bound, () => sfn.executions().length);
      await sfn.idle();
      summary.manifests.started = sfn.executions().length;
      for (const e of sfn.executions()) {
        if (e.status === 'SUCCEEDED') summary.manifests.succeeded++;
        else if (e.status === 'FAILED') summary.manifests.failed++;
      }
      if (queue.dlqUrl) {
        const a = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
        summary.dlqMessages = Number(a.Attributes?.ApproximateNumberOfMessages ?? 0);
      }
      const perFile = (v: number) => (objects.length ? Math.round((v / objects.length) * 100) / 100 : 0);
      Object.assign(summary, {
        registered: calls.registered,
        duplicates: calls.duplicates,
        dynamoCalls: calls.calls,
        dynamoCallsPerFile: perFile(calls.calls),
        dynamoWritesPerFile: perFile(calls.writes),
      });
    });
  } finally {
    await sfn.stop();
    await sqs.stop();
  }
  return summary;
}

/** The repository's ASL for this pipeline. */
export function readDefinition(repoRoot: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repoRoot, 'state_machines', `${PIPELINE}.json`), 'utf8')) as Record<string, unknown>;
}
