import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type LocalHandler, type RunResult, runStateMachine, type StateEvent } from './asl-runner';
import type { LocalEcsTask } from './ecs-task';
import type { Outbox } from './outbox';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
/** Step Functions' own rule for execution names (1–80 characters, no whitespace, brackets, wildcards or controls). */
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export interface LocalStepFunctionsOptions {
  /** State machine name → parsed ASL with ${placeholders} (the files under state_machines/). */
  definitions: Record<string, Record<string, unknown>>;
  functions: Record<string, LocalHandler>;
  placeholders?: Record<string, string>;
  outbox: Outbox;
  dynamo?: DynamoDBClient;
  ecsTasks?: Record<string, LocalEcsTask>;
  fastRetries?: boolean;
  onEvent?: (execution: string, e: StateEvent) => void;
  /** Every Lambda task's response (run summaries), with the execution ARN. */
  onTaskResult?: (execution: string, r: { state: string; function: string; output: unknown; ms: number }) => void;
}

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: Status;
  startDate: number;
  stopDate?: number;
  result?: RunResult;
  done: Promise<void>;
}

export interface LocalStepFunctions {
  endpoint: string;
  client: SFNClient;
  /** State machine name → ARN to start it with. */
  stateMachineArns: Record<string, string>;
  env: Record<string, string>;
  /** Resolves once no execution is running (including ones started while waiting). */
  idle(): Promise<void>;
  /** Fault injection: while on, every API call answers 503 ServiceUnavailable (the SDK retries, then throws). */
  setUnavailable(on: boolean): void;
  /** Every execution so far, oldest first, with its run result once finished. */
  executions(): { executionArn: string; name: string; status: Status; result?: RunResult }[];
  stop(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const seconds = (ms: number) => ms / 1000;

function summary(e: Execution) {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    stopDate: e.stopDate && seconds(e.stopDate),
  };
}

function describe(e: Execution) {
  const out: Record<string, unknown> = { ...summary(e), input: e.input, inputDetails: { included: true } };
  if (e.status === 'SUCCEEDED') Object.assign(out, { output: JSON.stringify(e.result?.output ?? null), outputDetails: { included: true } });
  if (e.status === 'FAILED') Object.assign(out, { error: e.result?.error, cause: e.result?.cause });
  return out;
}

function parseInput(raw: unknown): { text: string; value: unknown } {
  const text = raw === undefined ? '{}' : String(raw);
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    throw new ApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
  }
}

function createApi(opts: LocalStepFunctionsOptions, machines: Map<string, { name: string; definition: Record<string, unknown> }>) {
  const executions = new Map<string, Execution>();

  function start(req: { stateMachineArn?: string; name?: string; input?: string }) {
    const machine = machines.get(String(req.stateMachineArn));
    if (!machine) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(req.stateMachineArn)}'`);
    const name = req.name ?? crypto.randomUUID();
    if (!EXECUTION_NAME.test(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = parseInput(req.input);
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:${machine.name}:${name}`;
    const existing = executions.get(executionArn);
    if (existing) {
      // AWS: the same name and input while the execution runs answers the original start; otherwise the name is taken.
      if (existing.status === 'RUNNING' && existing.input === input.text) return { executionArn, startDate: seconds(existing.startDate) };
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const execution: Execution = {
      executionArn,
      stateMachineArn: String(req.stateMachineArn),
      name,
      input: input.text,
      status: 'RUNNING',
      startDate: Date.now(),
      done: Promise.resolve(),
    };
    execution.done = runStateMachine({
      definition: machine.definition,
      functions: opts.functions,
      placeholders: opts.placeholders,
      outbox: opts.outbox,
      dynamo: opts.dynamo,
      ecsTasks: opts.ecsTasks,
      fastRetries: opts.fastRetries,
      input: input.value,
      executionName: name,
      executionId: executionArn,
      onEvent: opts.onEvent && ((e) => opts.onEvent?.(executionArn, e)),
      onTaskResult: opts.onTaskResult && ((r) => opts.onTaskResult?.(executionArn, r)),
    })
      .catch((err: Error): RunResult => ({ status: 'FAILED', error: err.name, cause: err.message, path: [], events: [] }))
      .then((result) => {
        Object.assign(execution, { result, status: result.status, stopDate: Date.now() });
      });
    executions.set(executionArn, execution);
    return { executionArn, startDate: seconds(execution.startDate) };
  }

  function find(arn: unknown): Execution {
    const e = executions.get(String(arn));
    if (!e) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    return e;
  }

  function list(req: { stateMachineArn?: string; statusFilter?: string; maxResults?: number; nextToken?: string }) {
    if (!machines.has(String(req.stateMachineArn)))
      throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(req.stateMachineArn)}'`);
    const all = [...executions.values()]
      .filter((e) => e.stateMachineArn === req.stateMachineArn && (!req.statusFilter || e.status === req.statusFilter))
      .reverse(); // newest first, as AWS lists them
    const from = req.nextToken ? Number(req.nextToken) : 0;
    const size = req.maxResults || 100;
    const page = all.slice(from, from + size);
    return { executions: page.map(summary), nextToken: from + size < all.length ? String(from + size) : undefined };
  }

  const actions: Record<string, (body: Record<string, unknown>) => unknown> = {
    StartExecution: (b) => start(b as never),
    DescribeExecution: (b) => describe(find(b.executionArn)),
    ListExecutions: (b) => list(b as never),
  };
  return { actions, executions };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': crypto.randomUUID() };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

/**
 * A Step Functions endpoint on loopback for the handlers' real `@aws-sdk/client-sfn` (JSON 1.0 protocol):
 * StartExecution (a taken name answers ExecutionAlreadyExists, the same name and input of a running execution the
 * original start, as AWS), DescribeExecution and ListExecutions. Executions run the ASL with runStateMachine.
 */
export async function startLocalStepFunctions(opts: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const machines = new Map(
    Object.entries(opts.definitions).map(([name, definition]) => [`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`, { name, definition }]),
  );
  const { actions, executions } = createApi(opts, machines);
  let unavailable = false;
  const server = createServer((req, res) => {
    if (unavailable) {
      req.resume();
      send(res, 503, { __type: 'ServiceUnavailable', message: 'local Step Functions is unavailable (fault injected)' }, 'ServiceUnavailable');
      return;
    }
    const action = String(req.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
    readBody(req)
      .then((text) => {
        const handler = actions[action];
        if (!handler) throw new ApiError('UnknownOperationException', `local Step Functions does not emulate ${action || 'this request'}`);
        send(res, 200, handler(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
      })
      .catch((err: Error) => {
        const type = err instanceof ApiError ? err.type : 'InternalFailure';
        send(res, err instanceof ApiError ? 400 : 500, { __type: `com.amazonaws.swf.service.v2.model#${type}`, message: err.message }, type);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SFNClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const idle = async () => {
    for (;;) {
      const running = [...executions.values()].filter((e) => e.status === 'RUNNING');
      if (running.length === 0) return;
      await Promise.all(running.map((e) => e.done));
    }
  };
  return {
    endpoint,
    client,
    stateMachineArns: Object.fromEntries([...machines].map(([arn, m]) => [m.name, arn])),
    env: { AWS_ENDPOINT_URL_SFN: endpoint },
    idle,
    setUnavailable(on) {
      unavailable = on;
    },
    executions: () => [...executions.values()].map((e) => ({ executionArn: e.executionArn, name: e.name, status: e.status, result: e.result })),
    async stop() {
      await idle();
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
