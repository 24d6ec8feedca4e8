/**
 * Start a pipeline (a Step Functions state machine) of a deployed environment, or run the very
 * same ASL on the local substrate.
 *
 *   tsx scripts/deploy/trigger.ts --env dev [--pipeline house_fd_pipeline] [--input JSON]
 *        [--name NAME] [--state-machine-arn ARN] [--wait] [--poll-seconds N]
 *   tsx scripts/deploy/trigger.ts --local [--pipeline house_fd_pipeline] [--source DIR] [--lake DIR]
 *
 * The state machine ARN comes from, in order: --state-machine-arn, MEDALLION_STATE_MACHINE_ARN,
 * `terraform output state_machine_arns` of the environment (infra/envs, when terraform is installed), and
 * finally ListStateMachines, matching the name Terraform gives it: <project>-<env>-<pipeline
 * with _ as ->. --local spawns `pnpm lake run <pipeline>` (packages/cli).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import {
  REPO_ROOT,
  UsageError,
  envSchema,
  executionConsoleUrl,
  executionNameSchema,
  isMain,
  parseArn,
  parseOption,
  pipelineSchema,
  pipelines,
  projectOf,
  projectSchema,
  runCommand,
  runMain,
  stateMachineArnSchema,
  stateMachineName,
  terraformOutputs,
  type Environment,
  type RunCommand,
} from './common';

export const DEFAULT_PIPELINE = 'house_fd_pipeline';

const USAGE = `usage: trigger.ts --env dev|staging|prod [--pipeline NAME] [--input JSON] [--name NAME]
                  [--state-machine-arn ARN] [--project NAME] [--wait] [--poll-seconds N]
       trigger.ts --local [--pipeline NAME] [--source DIR] [--lake DIR] [--from STATE] [--json]`;

export type TriggerOptions =
  | {
      mode: 'aws';
      env: Environment;
      pipeline: string;
      project: string;
      input: string;
      name?: string;
      stateMachineArn?: string;
      wait: boolean;
      pollSeconds: number;
    }
  | { mode: 'local'; pipeline: string; passThrough: string[] };

const jsonObjectText = z.string().superRefine((text, ctx) => {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not JSON: ${(e as Error).message}` });
    return;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) ctx.addIssue({ code: 'custom', message: 'the execution input must be a JSON object' });
});

/** Parse and validate the command line (no side effects). */
export function parseTriggerArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, repoRoot = REPO_ROOT): TriggerOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      env: { type: 'string' },
      pipeline: { type: 'string', default: DEFAULT_PIPELINE },
      input: { type: 'string' },
      name: { type: 'string' },
      'state-machine-arn': { type: 'string' },
      project: { type: 'string' },
      wait: { type: 'boolean', default: false },
      'poll-seconds': { type: 'string', default: '5' },
      local: { type: 'boolean', default: false },
      source: { type: 'string' },
      lake: { type: 'string' },
      from: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const pipeline = parseOption(pipelineSchema, values.pipeline, '--pipeline');
  const known = pipelines(repoRoot);
  if (known.length && !known.includes(pipeline)) throw new UsageError(`--pipeline: no state_machines/${pipeline}.json (pipelines: ${known.join(', ')})`);

  if (values.local) {
    const passThrough: string[] = [];
    for (const k of ['source', 'lake', 'from'] as const) if (values[k] !== undefined) passThrough.push(`--${k}`, values[k]!);
    if (values.json) passThrough.push('--json');
    return { mode: 'local', pipeline, passThrough };
  }
  for (const k of ['source', 'lake', 'from'] as const) if (values[k] !== undefined) throw new UsageError(`--${k} only applies with --local`);

  const environment = parseOption(envSchema, values.env ?? env.ENV, '--env');
  const explicitArn = values['state-machine-arn'] ?? (env.MEDALLION_STATE_MACHINE_ARN || undefined);
  const pollSeconds = parseOption(z.coerce.number().int().min(1).max(300), values['poll-seconds'], '--poll-seconds');
  return {
    mode: 'aws',
    env: environment,
    pipeline,
    project: values.project !== undefined ? parseOption(projectSchema, values.project, '--project') : projectOf(environment, repoRoot),
    input: parseOption(jsonObjectText, values.input ?? '{}', '--input'),
    name: values.name !== undefined ? parseOption(executionNameSchema, values.name, '--name') : undefined,
    stateMachineArn:
      explicitArn !== undefined
        ? parseOption(stateMachineArnSchema, explicitArn, values['state-machine-arn'] !== undefined ? '--state-machine-arn' : 'MEDALLION_STATE_MACHINE_ARN')
        : undefined,
    wait: values.wait!,
    pollSeconds,
  };
}

export interface Resolved {
  arn: string;
  /** Where the ARN came from, for the user. */
  source: string;
}

export interface ResolveDeps {
  /** Lazily created: only the ListStateMachines fallback needs a client without a known region. */
  sfn: () => SFNClient;
  run?: RunCommand;
  repoRoot?: string;
  log?: (line: string) => void;
}

/** The ARN of <pipeline> in <env>: explicit, then terraform output, then ListStateMachines by name. */
export async function resolveStateMachineArn(
  opts: { env: Environment; pipeline: string; project: string; stateMachineArn?: string },
  deps: ResolveDeps,
): Promise<Resolved> {
  const log = deps.log ?? (() => undefined);
  if (opts.stateMachineArn) return { arn: stateMachineArnSchema.parse(opts.stateMachineArn), source: 'given' };

  const outputs = terraformOutputs(opts.env, deps.run ?? runCommand, deps.repoRoot ?? REPO_ROOT);
  if (outputs.ok) {
    const arns = outputs.values.state_machine_arns;
    if (arns && typeof arns === 'object' && opts.pipeline in arns) {
      const arn = (arns as Record<string, unknown>)[opts.pipeline];
      const parsed = stateMachineArnSchema.safeParse(arn);
      if (parsed.success) return { arn: parsed.data, source: `terraform output of ${opts.env} (infra/envs)` };
      log(`terraform output state_machine_arns.${opts.pipeline} is not a state machine ARN: ${JSON.stringify(arn)}`);
    } else {
      log(`terraform output of ${opts.env} (infra/envs) has no state_machine_arns.${opts.pipeline}`);
    }
  } else {
    log(`${outputs.reason}; looking the state machine up by name`);
  }

  const wanted = stateMachineName(opts.project, opts.env, opts.pipeline);
  const sfn = deps.sfn();
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ nextToken, maxResults: 1000 }));
    const hit = page.stateMachines?.find((m) => m.name === wanted);
    if (hit?.stateMachineArn) return { arn: stateMachineArnSchema.parse(hit.stateMachineArn), source: `ListStateMachines (name ${wanted})` };
    nextToken = page.nextToken;
  } while (nextToken);
  const region = await sfn.config.region().catch(() => 'an unknown region');
  throw new Error(`no state machine named ${wanted} in ${region}: deploy it with make deploy ENV=${opts.env}, or pass --state-machine-arn`);
}

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** Poll DescribeExecution until the execution leaves RUNNING (or PENDING_REDRIVE). */
export async function waitForExecution(
  sfn: SFNClient,
  executionArn: string,
  options: { pollMs: number; sleep?: (ms: number) => Promise<void>; onPoll?: (d: DescribeExecutionCommandOutput) => void; maxPolls?: number },
): Promise<DescribeExecutionCommandOutput> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 0; options.maxPolls === undefined || i < options.maxPolls; i++) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    options.onPoll?.(d);
    if (d.status && TERMINAL.has(d.status)) return d;
    await sleep(options.pollMs);
  }
  throw new Error(`${executionArn} still running after ${options.maxPolls} polls`);
}

/** The argv of the local run: `npx -y pnpm@<version> lake run <pipeline> …` with the repo's pinned pnpm. */
export function localCommand(pipeline: string, passThrough: string[], repoRoot = REPO_ROOT): { command: string; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { packageManager?: string };
  const pnpm = /^pnpm@[\w.+-]+$/.test(pkg.packageManager ?? '') ? pkg.packageManager! : 'pnpm@10.34.8';
  return { command: 'npx', args: ['-y', pnpm, 'lake', 'run', pipeline, ...passThrough] };
}

function runLocal(pipeline: string, passThrough: string[]): Promise<number> {
  const { command, args } = localCommand(pipeline, passThrough);
  console.error(`+ ${command} ${args.join(' ')}`);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1)));
  });
}

async function main(argv: string[]): Promise<number> {
  const opts = parseTriggerArgs(argv);
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (opts.mode === 'local') return runLocal(opts.pipeline, opts.passThrough);

  // A client per region: the ARN names its region, so a known ARN needs no AWS_REGION.
  const clients = new Map<string, SFNClient>();
  const client = (region?: string) => {
    const key = region ?? '';
    if (!clients.has(key)) clients.set(key, new SFNClient(region ? { region } : {}));
    return clients.get(key)!;
  };
  const { arn, source } = await resolveStateMachineArn(opts, { sfn: () => client(), log: (l) => console.error(l) });
  console.error(`state machine: ${arn} (${source})`);
  const sfn = client(parseArn(arn).region);
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: opts.input, name: opts.name }));
  const executionArn = started.executionArn!;
  console.log(`execution: ${executionArn}`);
  console.log(`console:   ${executionConsoleUrl(executionArn)}`);
  if (!opts.wait) return 0;

  let last = '';
  const done = await waitForExecution(sfn, executionArn, {
    pollMs: opts.pollSeconds * 1000,
    onPoll: (d) => {
      if (d.status !== last) console.error(`${new Date().toISOString()} ${d.status}`);
      last = d.status ?? '';
    },
  });
  if (done.status === 'SUCCEEDED') {
    if (done.output) console.log(done.output);
    return 0;
  }
  console.error(`${done.status}${done.error ? `: ${done.error}` : ''}${done.cause ? `\n${done.cause}` : ''}`);
  return 1;
}

if (isMain(import.meta.url)) runMain('trigger', () => main(process.argv.slice(2)));
