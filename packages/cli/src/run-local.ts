/**
 * Run a pipeline's state machine on the laptop: the same ASL file and the same handler modules
 * AWS runs, against dynalite (DynamoDB wire API, persisted under <lake>/.dynamodb), the lake as
 * a local directory and an outbox file standing in for SNS.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createOutbox, runStateMachine, type LocalDynamo, type LocalHandler, type OutboxMessage, type StateEvent } from '@medallion/local';
import { UsageError, type PipelineDefinition, type PipelineSummary, type RunView, type TaskRecord } from '@medallion/pipeline';
import { getWatermark, type Watermark } from '@medallion/watermarks';
import { REPO_ROOT } from '../bin/workspace.mjs';
import { describeFailure } from './failure';
import { openLakeDynamo } from './lake-dynamo';
import { loadHandlers, loadPipelines } from './pipelines';

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
  /** An already running local DynamoDB (tests share one); otherwise the lake's own (see lake-dynamo.ts). */
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

export type { TaskRecord };

export interface LocalRunReport extends RunView {
  error?: string;
  cause?: string;
  output?: unknown;
  /** Why the run started elsewhere than --from asked (e.g. the silver gate runs before a gold rebuild). */
  resumeNote?: string;
  /** Wall time per top-level state (entered → exited). */
  durations: Record<string, number>;
  /** Errors states failed with (a Catch clause took most of them; what the alert says), in order; `error` is "Name: message". */
  caught: { state: string; error: string; detail: unknown }[];
  /** The pipeline's rows of the summary (its registration's summarize()). */
  summary: PipelineSummary;
  outbox: OutboxMessage[];
  outboxFile: string;
  watermarkBefore: Watermark | null;
  watermarkAfter: Watermark | null;
  lakeDir: string;
  ms: number;
}

const isUrl = (s: string) => /^https?:\/\//.test(s);

/**
 * Check the arguments before anything is created: the pipeline and --from exist, the lake is
 * not a file, a local source is a directory.
 */
export async function checkRunOptions(opts: Pick<LocalRunOptions, 'pipeline' | 'sourceDir' | 'lakeDir' | 'from'>): Promise<PipelineDefinition> {
  const pipelines = await loadPipelines();
  const pipeline = pipelines.get(opts.pipeline);
  if (!pipeline) throw new UsageError(`unknown pipeline ${opts.pipeline}: choose one of ${[...pipelines.keys()].join(', ')}`);
  if (opts.from !== undefined && !pipeline.resumableStates.includes(opts.from)) {
    throw new UsageError(`cannot start ${pipeline.name} at ${opts.from}: choose one of ${pipeline.resumableStates.join(', ')}`);
  }
  const kind = (path: string) => {
    try {
      return statSync(path).isDirectory() ? 'dir' : 'file';
    } catch {
      return 'none';
    }
  };
  if (kind(opts.lakeDir) === 'file') throw new UsageError(`--lake ${opts.lakeDir} is a file; the lake is a directory (created when missing)`);
  if (!isUrl(opts.sourceDir) && kind(opts.sourceDir) !== 'dir') throw new UsageError(`--source ${opts.sourceDir} is not a directory (nor an http(s) URL)`);
  return pipeline;
}

export async function runPipelineLocally(opts: LocalRunOptions): Promise<LocalRunReport> {
  const pipeline = await checkRunOptions(opts);
  const lakeDir = resolve(opts.lakeDir);
  const sourceDir = isUrl(opts.sourceDir) ? opts.sourceDir : resolve(opts.sourceDir);
  const started = performance.now();
  const dynamo = opts.dynamo ?? (await openLakeDynamo(lakeDir));
  const env = {
    ...pipeline.env({
      lakeDir,
      lakeUri: opts.lakeUri ?? lakeDir,
      sourceDir,
      dynamoEndpoint: dynamo.endpoint,
      tables: dynamo.tables,
      logLevel: opts.logLevel ?? 'SILENT',
    }),
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
  const outbox = {
    publish: (m: Omit<OutboxMessage, 'at'>) => {
      const full = sharedOutbox.publish(m);
      published.push(full);
      return full;
    },
    messages: () => published,
  };
  const readWatermark = async () => getWatermark(dynamo.client, dynamo.tables.watermarks, pipeline.watermarkId());
  try {
    const watermarkBefore = await readWatermark();
    const definition = JSON.parse(await readFile(resolve(REPO_ROOT, pipeline.definitionFile), 'utf8')) as Record<string, unknown>;
    const loaded = await loadHandlers(pipeline);
    const functions = opts.wrapFunctions ? opts.wrapFunctions(loaded) : loaded;
    const stateTypes = Object.fromEntries(Object.entries(definition.States as Record<string, { Type: string }>).map(([k, v]) => [k, v.Type]));
    const resume = opts.from ? await pipeline.resume(opts.from) : undefined;
    const input = resume ? resume.input : { ...pipeline.input, ...opts.input };
    const tasks: Record<string, TaskRecord[]> = {};
    const result = await runStateMachine({
      definition,
      functions,
      placeholders: { alerts_topic_arn: `arn:aws:sns:local:000000000000:medallion-local-alerts` },
      outbox,
      dynamo: dynamo.client,
      input,
      startAt: resume?.startAt,
      fastRetries: opts.fastRetries,
      onTaskResult: ({ state, output, ms }) => (tasks[state] ??= []).push({ state, output, ms }),
      onEvent: opts.onEvent,
    });
    const { durations, caught } = summarizeEvents(result.events);
    const view: RunView = { pipeline: opts.pipeline, status: result.status, path: result.path, stateTypes, tasks };
    return {
      ...view,
      error: result.error,
      cause: result.cause,
      output: result.output,
      resumeNote: resume?.note,
      durations,
      caught,
      summary: pipeline.summarize(view),
      outbox: published,
      outboxFile,
      watermarkBefore,
      watermarkAfter: await readWatermark(),
      lakeDir,
      ms: performance.now() - started,
    };
  } finally {
    releaseEnvironment();
    if (!opts.dynamo) await dynamo.stop();
  }
}

/** Wall time per top-level state (entered → left) and every error a state failed with, from the run's events. */
function summarizeEvents(events: StateEvent[]): { durations: Record<string, number>; caught: { state: string; error: string; detail: unknown }[] } {
  const entered: Record<string, number> = {};
  const durations: Record<string, number> = {};
  for (const e of events) {
    if (e.index !== undefined) continue;
    if (e.type === 'entered') entered[e.state] = e.at;
    else if (e.type !== 'retried' && entered[e.state] !== undefined) durations[e.state] = e.at - entered[e.state];
  }
  const caught = events.filter((e) => e.type === 'failed').map((e) => ({ state: e.state, error: describeFailure(e.detail), detail: e.detail }));
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
  for (const [k, v] of Object.entries(active.saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  active = null;
}
