/**
 * Run a pipeline's state machine on the laptop: the same ASL file and the same handler modules
 * AWS runs, against dynalite (DynamoDB wire API, persisted under <lake>/.dynamodb), the lake as
 * a local directory and an outbox file standing in for SNS.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createOutbox, runStateMachine, startLocalDynamo, type LocalDynamo, type LocalHandler, type OutboxMessage, type StateEvent } from '@medallion/local';
import { getWatermark, type Watermark } from '@medallion/watermarks';
import { PIPELINES } from './pipelines';

export interface LocalRunOptions {
  pipeline: string;
  /** Clerk-layout directory (or an http(s) base URL). */
  sourceDir: string;
  lakeDir: string;
  /** Start at this top-level state with the state rebuilt from the lake. */
  from?: string;
  logLevel?: string;
  /** Retry without waiting (tests). */
  fastRetries?: boolean;
  /** An already running local DynamoDB (tests share one); otherwise one is started on <lake>/.dynamodb. */
  dynamo?: LocalDynamo;
  /** Input to the execution (merged over the pipeline's default). */
  input?: Record<string, unknown>;
  onEvent?: (e: StateEvent) => void;
  /** The functions' lake when it is not the lake directory (e.g. s3://bucket with s3rver); state and outbox stay in lakeDir. */
  lakeUri?: string;
  /** More environment for the functions (e.g. MEDALLION_LAKE_<LAYER>_URI, AWS_ENDPOINT_URL_S3). */
  env?: Record<string, string>;
  /** Wrap or replace handlers by placeholder (tests inject crashes this way). */
  wrapFunctions?: (fns: Record<string, LocalHandler>) => Record<string, LocalHandler>;
}

export interface TaskRecord { state: string; output: unknown; ms: number }

export interface LocalRunReport {
  pipeline: string;
  status: 'SUCCEEDED' | 'FAILED';
  error?: string;
  cause?: string;
  output?: unknown;
  /** Top-level states in the order entered. */
  path: string[];
  /** Type of every top-level state (Task, Map, Choice…), to show only the working ones. */
  stateTypes: Record<string, string>;
  /** Wall time per top-level state (entered → exited). */
  durations: Record<string, number>;
  /** Errors caught by Catch clauses (what the alert says), in order. */
  caught: { state: string; detail: unknown }[];
  /** Every Lambda response by state name (a Map state's iterations under the inner state's name). */
  tasks: Record<string, TaskRecord[]>;
  outbox: OutboxMessage[];
  outboxFile: string;
  watermarkBefore: Watermark | null;
  watermarkAfter: Watermark | null;
  lakeDir: string;
  ms: number;
}

export async function runPipelineLocally(opts: LocalRunOptions): Promise<LocalRunReport> {
  const pipeline = PIPELINES[opts.pipeline];
  if (!pipeline) throw new Error(`unknown pipeline ${opts.pipeline}: choose one of ${Object.keys(PIPELINES).join(', ')}`);
  const lakeDir = resolve(opts.lakeDir);
  const sourceDir = /^https?:\/\//.test(opts.sourceDir) ? opts.sourceDir : resolve(opts.sourceDir);
  const started = performance.now();
  const dynamo = opts.dynamo ?? (await startLocalDynamo({ path: join(lakeDir, '.dynamodb'), tablePrefix: 'medallion-local' }));
  const env = {
    ...pipeline.env({ lakeDir, lakeUri: opts.lakeUri ?? lakeDir, sourceDir, dynamoEndpoint: dynamo.endpoint, tables: dynamo.tables, logLevel: opts.logLevel ?? 'SILENT' }),
    ...opts.env,
  };
  try {
    claimEnvironment(env);
  } catch (err) {
    if (!opts.dynamo) await dynamo.stop();
    throw err;
  }
  const outboxFile = join(lakeDir, 'outbox.jsonl');
  const sharedOutbox = createOutbox(outboxFile);
  const published: OutboxMessage[] = [];
  const outbox = { publish: (m: Omit<OutboxMessage, 'at'>) => { const full = sharedOutbox.publish(m); published.push(full); return full; }, messages: () => published };
  const readWatermark = async () => getWatermark(dynamo.client, dynamo.tables.watermarks, pipeline.watermarkId());
  try {
    const watermarkBefore = await readWatermark();
    const definition = JSON.parse(await readFile(pipeline.definitionFile, 'utf8')) as Record<string, unknown>;
    const loaded = await pipeline.loadFunctions();
    const functions = opts.wrapFunctions ? opts.wrapFunctions(loaded) : loaded;
    const stateTypes = Object.fromEntries(Object.entries(definition.States as Record<string, { Type: string }>).map(([k, v]) => [k, v.Type]));
    const input = opts.from ? await pipeline.resumeState(opts.from) : { ...pipeline.input, ...opts.input };
    const tasks: Record<string, TaskRecord[]> = {};
    const result = await runStateMachine({
      definition,
      functions,
      placeholders: { alerts_topic_arn: `arn:aws:sns:local:000000000000:medallion-local-alerts` },
      outbox,
      dynamo: dynamo.client,
      input,
      startAt: opts.from,
      fastRetries: opts.fastRetries,
      onTaskResult: ({ state, output, ms }) => (tasks[state] ??= []).push({ state, output, ms }),
      onEvent: opts.onEvent,
    });
    const { durations, caught } = summarizeEvents(result.events);
    return {
      pipeline: opts.pipeline, status: result.status, error: result.error, cause: result.cause, output: result.output, path: result.path,
      stateTypes, durations, caught, tasks, outbox: published, outboxFile, watermarkBefore, watermarkAfter: await readWatermark(), lakeDir, ms: performance.now() - started,
    };
  } finally {
    releaseEnvironment();
    if (!opts.dynamo) await dynamo.stop();
  }
}

/** Wall time per top-level state (entered → left) and the errors Catch clauses took, from the run's events. */
function summarizeEvents(events: StateEvent[]): { durations: Record<string, number>; caught: { state: string; detail: unknown }[] } {
  const entered: Record<string, number> = {};
  const durations: Record<string, number> = {};
  for (const e of events) {
    if (e.index !== undefined) continue;
    if (e.type === 'entered') entered[e.state] = e.at;
    else if (e.type !== 'retried' && entered[e.state] !== undefined) durations[e.state] = e.at - entered[e.state];
  }
  const caught = events.filter((e) => e.type === 'caught' || e.type === 'failed').map((e) => ({ state: e.state, detail: e.detail }));
  return { durations, caught };
}

/*
 * Handlers read their configuration from process.env, as in Lambda. Runs in one process may
 * overlap (the concurrency tests do) only when they share that configuration.
 */
let active: { env: string; runs: number; saved: Record<string, string | undefined> } | null = null;

function claimEnvironment(env: Record<string, string>): void {
  const key = JSON.stringify(env);
  if (active && active.env !== key) throw new Error('another local run with a different lake, source or DynamoDB is active in this process');
  const vars = { ...env, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false' };
  if (active) active.runs++;
  else active = { env: key, runs: 1, saved: Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]])) };
  Object.assign(process.env, vars);
}

/** The last overlapping run puts the environment back as it found it. */
function releaseEnvironment(): void {
  if (!active || --active.runs > 0) return;
  for (const [k, v] of Object.entries(active.saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  active = null;
}
