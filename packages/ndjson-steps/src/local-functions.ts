/**
 * What the local run invokes for each function of the pipeline. `lake etl ingest` gives it the deployed handlers
 * (functions/ndjson-*, middy + zod, configured by environment exactly as Terraform configures them in AWS);
 * tests that inject faults into one step may give in-process steps instead (inProcessFunctions).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResiliencePolicy } from '@medallion/circuit-breaker';
import type { ObjectStore } from '@medallion/lake';
import { lambdaContext, type LocalHandler } from '@medallion/local';
import type { SQSEvent } from 'aws-lambda';
import { depsFromEnv } from './config';
import { stepFunctionsDispatcher } from './dispatcher';
import { dispatchReadyManifests, handleS3EventBatch, type BuilderDeps, type ManifestLimits } from './manifest-builder';
import type { FileTracking } from './ports';
import { compensate, updateStatus, type ManifestOutcomeInput } from './status';

/** The function packages behind each step, as `lake etl` loads them (CommandContext.loadHandler). */
export const NDJSON_FUNCTION_PACKAGES = {
  builder: '@medallion/fn-ndjson-manifest-builder',
  recoverOrphans: '@medallion/fn-ndjson-recover-orphans',
  convert: '@medallion/fn-ndjson-convert',
  updateStatus: '@medallion/fn-ndjson-update-status',
  compensate: '@medallion/fn-ndjson-compensate',
} as const;

export type DeployedHandlers = Record<keyof typeof NDJSON_FUNCTION_PACKAGES, LocalHandler>;

/** What one local run needs to drive the pipeline, whichever functions sit behind it. */
export interface RunFunctions {
  /** The state machine's Lambda tasks, by ASL placeholder. */
  tasks: Record<string, LocalHandler>;
  /** One SQS batch through the manifest builder. */
  builder(event: SQSEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  /** Close what is still pending (what max wait and the hourly recovery do in AWS); at most `bound` manifests. */
  flush(bound: number, started: () => number): Promise<void>;
  /** The DynamoDB clients the functions use (counted for the summary); asked inside `around`. */
  dynamoClients(): DynamoDBClient[];
  /** Runs the whole ingest (the deployed handlers read process.env, as in Lambda: it is set for the run). */
  around<T>(run: () => Promise<T>): Promise<T>;
}

/** Where the run's emulators are, for the deployed functions' environment. */
export interface LocalEndpoints {
  dynamo: { endpoint?: string; tables: Record<string, string> };
  stepFunctions: { endpoint: string; stateMachineArn: string };
  shards: number;
  limits: ManifestLimits;
}

/**
 * The environment Terraform gives the ndjson functions (infra/modules/medallion/ndjson.tf), pointed at the local
 * emulators: DynamoDB (dynalite), the Step Functions endpoint, the tables, the shard count and the manifest limits.
 */
export function functionEnvironment(base: Record<string, string>, at: LocalEndpoints): Record<string, string> {
  const table = (name: string) => at.dynamo.tables[name] ?? '';
  return {
    // As `lake run` does: no EMF metric lines or traces on the terminal.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    ...base,
    ...(at.dynamo.endpoint ? { DYNAMODB_ENDPOINT: at.dynamo.endpoint } : {}),
    MEDALLION_TABLE_FILE_TRACKING: table('file_tracking'),
    MEDALLION_TABLE_NDJSON_MANIFESTS: table('ndjson_manifests'),
    MEDALLION_TABLE_CIRCUIT_BREAKERS: table('circuit_breakers'),
    NDJSON_SHARDS: String(at.shards),
    NDJSON_TTL_DAYS: '30',
    NDJSON_MANIFEST_MAX_FILES: String(at.limits.maxFiles),
    NDJSON_MANIFEST_MAX_BYTES: String(at.limits.maxBytes),
    NDJSON_MANIFEST_MAX_WAIT_S: String(at.limits.maxWaitS),
    NDJSON_DISPATCH: 'stepfunctions',
    NDJSON_STATE_MACHINE_ARN: at.stepFunctions.stateMachineArn,
    STEPFUNCTIONS_ENDPOINT: at.stepFunctions.endpoint,
  };
}

/** Set these variables for the duration of `fn` (handlers read process.env, as in Lambda), then put back the old ones. */
async function withEnvironment<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The deployed handlers, invoked as Lambda invokes them (event, context), with the run's environment in
 * process.env for the whole run. The flush is the hourly orphan recovery (ndjson-recover-orphans) under a max wait
 * of 1 s, invoked until it starts no more manifests.
 */
export function deployedFunctions(handlers: DeployedHandlers, env: Record<string, string>): RunFunctions {
  const call = (name: keyof DeployedHandlers, timeoutS: number) => (event: unknown) =>
    handlers[name](event, lambdaContext(NDJSON_FUNCTION_PACKAGES[name].replace('@medallion/fn-', ''), timeoutS));
  const flushEnv = { ...env, NDJSON_MANIFEST_MAX_WAIT_S: '1' };
  return {
    tasks: { fn_ndjson_convert: call('convert', 900), fn_ndjson_update_status: call('updateStatus', 60), fn_ndjson_compensate: call('compensate', 60) },
    builder: (event) => call('builder', 60)(event) as Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
    async flush(bound, started) {
      await sleep(1_100); // every file registered by now has waited the flush's max wait
      Object.assign(process.env, flushEnv); // the pollers are done; `around` puts the run's value back
      const base = started();
      for (let before = -1; started() !== before && started() - base < bound; ) {
        before = started();
        await call('recoverOrphans', 300)({});
      }
    },
    dynamoClients: () => [depsFromEnv({ ...process.env, ...env }).dynamo, depsFromEnv({ ...process.env, ...flushEnv }).dynamo],
    around: (run) => withEnvironment(env, run),
  };
}

/** In-process steps over the run's own clients (tests wrap one of them to inject a fault). */
export function inProcessFunctions(opts: {
  tracking: FileTracking;
  client: DynamoDBClient;
  breakersTable: string;
  stepFunctions: Parameters<typeof stepFunctionsDispatcher>[0];
  stateMachineArn: string;
  convert: LocalHandler;
  lake?: ObjectStore;
  limits: ManifestLimits;
}): RunFunctions {
  const deps: BuilderDeps = {
    tracking: opts.tracking,
    dispatcher: stepFunctionsDispatcher(opts.stepFunctions, opts.stateMachineArn),
    policy: createResiliencePolicy({
      client: opts.client,
      table: opts.breakersTable,
      breakerId: 'ndjson-dispatch-local',
      failureThreshold: 5,
      halfOpenAfterMs: 2_000,
      timeoutMs: 10_000,
      retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 500 },
    }),
    limits: opts.limits,
    lake: opts.lake,
  };
  return {
    tasks: {
      fn_ndjson_convert: opts.convert,
      fn_ndjson_update_status: async (e) => updateStatus(opts.tracking, e as ManifestOutcomeInput, opts.lake),
      fn_ndjson_compensate: async (e) => compensate(opts.tracking, e as ManifestOutcomeInput, opts.lake),
    },
    builder: (event) => handleS3EventBatch(deps, event),
    async flush(bound) {
      await dispatchReadyManifests({ ...deps, limits: { ...deps.limits, maxWaitS: 0 } }, bound);
    },
    dynamoClients: () => [opts.client],
    around: (run) => run(),
  };
}
