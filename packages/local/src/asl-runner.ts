import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type LocalEcsTask, localEcsRunTask } from './ecs-task';
import { resolveServiceIntegration } from './integrations';
import { validateStateMachine } from './validate';
import type { Outbox } from './outbox';

/** The shape every Lambda handler has; locally it is called in-process. */
export type LocalHandler = (event: unknown, context: LocalLambdaContext) => Promise<unknown>;

export interface LocalLambdaContext {
  functionName: string;
  awsRequestId: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  functionVersion: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export interface StateEvent {
  type: 'entered' | 'exited' | 'failed' | 'retried' | 'caught';
  state: string;
  at: number;
  /** Map iteration index, when inside a Map. */
  index?: number;
  /** On 'failed': the error as Step Functions reports it, { Error, Cause } (Cause often the Lambda error's JSON). */
  detail?: unknown;
}

export interface RunStateMachineOptions {
  /** Parsed ASL with ${placeholders} still in it (exactly the file Terraform templates). */
  definition: Record<string, unknown>;
  /** Placeholder name → handler, for Lambda tasks (e.g. fn_house_fd_ingest_zip). */
  functions: Record<string, LocalHandler>;
  /** Other placeholder values (e.g. alerts_topic_arn). */
  placeholders?: Record<string, string>;
  outbox: Outbox;
  dynamo?: DynamoDBClient;
  input: unknown;
  /** Start at this top-level state instead of StartAt (re-run from a step). */
  startAt?: string;
  /** $$.Execution.Name (and the tail of $$.Execution.Id) as in AWS; default: a random UUID, one per run. */
  executionName?: string;
  /** $$.Execution.Id (the execution ARN a Step Functions endpoint answered StartExecution with). */
  executionId?: string;
  /** `ecs:runTask.sync` Tasks: task definition (as in the filled definition) → the local command that stands for it. */
  ecsTasks?: Record<string, LocalEcsTask>;
  /** Retry intervals of 0 ms: same retry counts and paths, no waiting (tests). */
  fastRetries?: boolean;
  onEvent?: (e: StateEvent) => void;
  /** Every Lambda task's response, with its state name and duration (for run summaries). */
  onTaskResult?: (r: { state: string; function: string; output: unknown; ms: number }) => void;
}

export interface RunResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** Top-level states in the order they were entered (the path taken). */
  path: string[];
  events: StateEvent[];
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Substitute ${name} placeholders as Terraform's templatefile would; unknown names are an error. */
export function fillPlaceholders(definition: Record<string, unknown>, values: Record<string, string>): Record<string, unknown> {
  const text = JSON.stringify(definition).replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in values)) throw new Error(`state machine placeholder \${${name}} has no value`);
    return values[name];
  });
  return JSON.parse(text) as Record<string, unknown>;
}

interface TaskState {
  Type: 'Task';
  Resource: string;
  Parameters?: Record<string, unknown>;
  TimeoutSeconds?: number;
}
type States = Record<string, Record<string, unknown>>;

/** Every state in the definition, including those inside Map and Parallel (names are unique in ASL). */
export function collectStates(states: States, out: States = {}): States {
  for (const [name, state] of Object.entries(states)) {
    out[name] = state;
    const proc = (state.ItemProcessor ?? state.Iterator) as { States: States } | undefined;
    if (proc) collectStates(proc.States, out);
    for (const branch of (state.Branches as { States: States }[] | undefined) ?? []) collectStates(branch.States, out);
  }
  return out;
}

const localFunctionArn = (placeholder: string) => `arn:aws:lambda:local:000000000000:function:${placeholder}`;

export function lambdaContext(name: string, timeoutSeconds: number): LocalLambdaContext {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    functionName: name,
    awsRequestId: crypto.randomUUID(),
    invokedFunctionArn: localFunctionArn(name),
    memoryLimitInMB: '1024',
    functionVersion: '$LATEST',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

export async function runStateMachine(opts: RunStateMachineOptions): Promise<RunResult> {
  const fnValues = Object.fromEntries(Object.keys(opts.functions).map((k) => [k, localFunctionArn(k)]));
  const definition = fillPlaceholders(opts.definition, { ...fnValues, ...(opts.placeholders ?? {}) });
  if (opts.startAt) {
    if (!(opts.startAt in (definition.States as States))) throw new Error(`no top-level state named ${opts.startAt}`);
    const check = validateStateMachine(definition);
    if (!check.isValid) throw new Error(`state machine definition is invalid: ${check.errors.join('; ')}`);
    definition.StartAt = opts.startAt;
  }
  const byArn = new Map(Object.entries(opts.functions).map(([k, fn]) => [localFunctionArn(k), { name: k, fn }]));
  const all = collectStates(definition.States as States);
  const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
  const retryOverrides: Record<string, number> = {};
  for (const [name, raw] of Object.entries(all)) {
    if (opts.fastRetries && raw.Retry) retryOverrides[name] = 0;
    if (raw.Type !== 'Task') continue;
    const state = raw as unknown as TaskState;
    if (state.Resource === 'arn:aws:states:::lambda:invoke') {
      const target = byArn.get(String(state.Parameters?.FunctionName));
      if (!target) throw new Error(`state ${name}: no local handler for FunctionName ${String(state.Parameters?.FunctionName)}`);
      overrides[name] = async (input) => {
        const { Payload } = input as { Payload: unknown };
        // A round trip through JSON, as the Lambda service does: no shared object identity.
        const started = performance.now();
        const payload = await target.fn(JSON.parse(JSON.stringify(Payload ?? null)), lambdaContext(target.name, state.TimeoutSeconds ?? 60));
        opts.onTaskResult?.({ state: name, function: target.name, output: payload, ms: performance.now() - started });
        return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: JSON.parse(JSON.stringify(payload ?? null)) };
      };
    } else if (state.Resource === 'arn:aws:states:::ecs:runTask.sync') {
      overrides[name] = localEcsRunTask(name, state.Parameters, opts.ecsTasks ?? {});
    } else {
      overrides[name] = resolveServiceIntegration(name, state.Resource, { outbox: opts.outbox, dynamo: opts.dynamo });
    }
  }

  // Starting mid-way leaves the earlier states unreachable, which the validator rejects; the
  // definition itself was validated as written (validateStateMachine, and below otherwise).
  const validationOptions = opts.startAt ? { noValidate: true } : { checkPaths: true, checkArn: false };
  const machine = new StateMachine(definition as never, { validationOptions: validationOptions as never });
  // The Context Object as AWS fills it: states pass $$.Execution.Id on (e.g. AdvanceWatermark, to recognise its own write).
  const executionName = opts.executionName ?? randomUUID();
  const context = {
    Execution: {
      Id: opts.executionId ?? `arn:aws:states:local:000000000000:execution:local:${executionName}`,
      Name: executionName,
      Input: opts.input,
      StartTime: new Date().toISOString(),
    },
  };
  const execution = machine.run(opts.input as never, {
    overrides: { taskResourceLocalHandlers: overrides as never, retryIntervalOverrides: retryOverrides },
    context: context as never,
  });
  const events: StateEvent[] = [];
  const path: string[] = [];
  const pump = (async () => {
    for await (const ev of execution.eventLogs as AsyncIterable<Record<string, unknown>>) {
      const state = ev.state as { name: string } | undefined;
      const kinds: Record<string, StateEvent['type']> = {
        StateEntered: 'entered',
        StateExited: 'exited',
        StateFailed: 'failed',
        StateRetried: 'retried',
        StateCaught: 'caught',
      };
      const kind = kinds[String(ev.type)] as StateEvent['type'] | undefined;
      if (!kind || !state) continue;
      const inMap = Boolean(ev.index !== undefined || (ev as { parentState?: unknown }).parentState);
      const e: StateEvent = {
        type: kind,
        state: state.name,
        at: Number(ev.timestamp),
        index: ev.index as number | undefined,
        detail: kind === 'failed' ? { Error: ev.Error, Cause: ev.Cause } : undefined,
      };
      events.push(e);
      if (kind === 'entered' && !inMap) path.push(state.name);
      opts.onEvent?.(e);
    }
  })();
  try {
    const output = await execution.result;
    await pump.catch(() => undefined);
    return { status: 'SUCCEEDED', output, path, events };
  } catch (err) {
    await pump.catch(() => undefined);
    // ExecutionError wraps what the execution failed with (a Fail state's Error/Cause, or a task error).
    const e = ((err as Error).cause ?? err) as Error;
    return { status: 'FAILED', error: e.name, cause: e.message, path, events };
  }
}
