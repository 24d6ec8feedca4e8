/**
 * What the deploy scripts (trigger, logs, tf) share: validated environment names and ARNs, the
 * resource names infra/modules/medallion gives things, and `terraform output` when terraform is
 * installed. Everything here is pure or takes its side effects as arguments, so tests need
 * neither terraform nor AWS.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const envSchema = z.enum(ENVIRONMENTS, {
  error: (issue) => `ENV must be one of ${ENVIRONMENTS.join(', ')} (got ${JSON.stringify(issue.input ?? '')})`,
});

/** var.project of infra/modules/medallion: 2-21 characters, lowercase, starting with a letter. */
export const projectSchema = z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, 'a project name is 2-21 lowercase letters, digits or hyphens, starting with a letter');

const PARTITION = '(aws|aws-cn|aws-us-gov)';
const REGION = '[a-z]{2}(-gov)?-[a-z]+-\\d';
const SFN_NAME = '[A-Za-z0-9_-]{1,80}';

export const stateMachineArnSchema = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:states:${REGION}:\\d{12}:stateMachine:${SFN_NAME}$`),
    'a state machine ARN looks like arn:aws:states:<region>:<account>:stateMachine:<name>',
  );

export const executionArnSchema = z
  .string()
  .regex(
    new RegExp(`^arn:${PARTITION}:states:${REGION}:\\d{12}:execution:${SFN_NAME}:[A-Za-z0-9_-]{1,80}$`),
    'an execution ARN looks like arn:aws:states:<region>:<account>:execution:<state machine>:<name>',
  );

/** Execution names: 1-80 characters, letters, digits, - and _ (what the console accepts everywhere). */
export const executionNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'an execution name is 1-80 letters, digits, - or _');

/** Pipeline = state machine file under state_machines/ (snake_case). */
export const pipelineSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a pipeline is the name of a state_machines/*.json file, e.g. house_fd_pipeline');

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ArnParts {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') throw new Error(`not an ARN: ${arn}`);
  const [, partition, service, region, account, ...rest] = parts;
  return { partition, service, region, account, resource: rest.join(':') };
}

/** Names infra/modules/medallion gives an environment's resources (locals.name_prefix and friends). */
export const namePrefix = (project: string, env: Environment) => `${project}-${env}`;
export const stateMachineName = (project: string, env: Environment, pipeline: string) => `${namePrefix(project, env)}-${pipeline.replace(/_/g, '-')}`;
export const functionName = (project: string, env: Environment, folder: string) => `${namePrefix(project, env)}-${folder}`;
export const functionLogGroup = (project: string, env: Environment, folder: string) => `/aws/lambda/${functionName(project, env, folder)}`;
export const stateMachineLogGroup = (project: string, env: Environment, pipeline: string) =>
  `/aws/vendedlogs/states/${stateMachineName(project, env, pipeline)}`;

function consoleHost(partition: string, region: string): string {
  if (partition === 'aws-cn') return `https://${region}.console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

export function executionConsoleUrl(executionArn: string): string {
  const { partition, region } = parseArn(executionArnSchema.parse(executionArn));
  return `${consoleHost(partition, region)}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

export function stateMachineConsoleUrl(stateMachineArn: string): string {
  const { partition, region } = parseArn(stateMachineArnSchema.parse(stateMachineArn));
  return `${consoleHost(partition, region)}/states/home?region=${region}#/statemachines/view/${stateMachineArn}`;
}

/** The one Terraform root of every environment (relative to the repository root). */
export const ROOT_DIR = join('infra', 'envs');
/** An environment's values and state settings, beside the root's .tf files. */
export const tfvarsFile = (env: Environment) => `${env}.tfvars`;
export const backendFile = (env: Environment) => `${env}.backend.hcl`;

/**
 * Terraform's working directory per environment (TF_DATA_DIR): each environment keeps its own
 * initialised backend, so switching ENV never re-points one .terraform at another state.
 */
export function terraformEnv(env: Environment, repoRoot = REPO_ROOT): Record<string, string> {
  return { TF_DATA_DIR: join(repoRoot, ROOT_DIR, `.terraform-${env}`) };
}

/** The project name an environment deploys under: `project = "…"` in its <env>.tfvars, else the variable's default. */
export function projectOf(env: Environment, repoRoot = REPO_ROOT): string {
  const tfvars = join(repoRoot, ROOT_DIR, tfvarsFile(env));
  const text = existsSync(tfvars) ? readFileSync(tfvars, 'utf8') : '';
  const m = /^\s*project\s*=\s*"([^"]*)"/m.exec(text);
  return projectSchema.parse(m ? m[1] : 'medallion');
}

/** Function folders (functions/<folder>/package.json): the Lambdas every environment deploys. */
export function functionFolders(repoRoot = REPO_ROOT): string[] {
  const dir = join(repoRoot, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'package.json')))
    .sort();
}

/** Pipelines (state_machines/<name>.json): the state machines every environment deploys. */
export function pipelines(repoRoot = REPO_ROOT): string[] {
  const dir = join(repoRoot, 'state_machines');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -'.json'.length))
    .sort();
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (ENOENT: not installed). */
  error?: Error;
}

export type RunCommand = (command: string, args: string[], options?: { cwd?: string; env?: Record<string, string> }) => CommandResult;

export const runCommand: RunCommand = (command, args, options = {}) => {
  const r = spawnSync(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
};

/** The installed terraform version ("1.9.8"), or null when terraform is not on PATH. */
export function terraformVersion(run: RunCommand = runCommand): string | null {
  const r = run('terraform', ['version', '-json']);
  if (r.error || r.status !== 0) return null;
  try {
    return String((JSON.parse(r.stdout) as { terraform_version: string }).terraform_version);
  } catch {
    return /Terraform v(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] ?? null;
  }
}

/** a >= b for dotted versions ("1.10.2" >= "1.10"). */
export function versionAtLeast(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

export type TerraformOutputs = { ok: true; values: Record<string, unknown> } | { ok: false; reason: string };

/**
 * `terraform -chdir=infra/envs output -json` with the environment's TF_DATA_DIR: the values of its
 * outputs, or why they are not available (terraform missing, not initialised, nothing applied yet).
 */
export function terraformOutputs(env: Environment, run: RunCommand = runCommand, repoRoot = REPO_ROOT): TerraformOutputs {
  const chdir = ROOT_DIR;
  const r = run('terraform', [`-chdir=${chdir}`, 'output', '-json', '-no-color'], { cwd: repoRoot, env: terraformEnv(env, repoRoot) });
  if (r.error) return { ok: false, reason: 'terraform is not on PATH' };
  if (r.status !== 0)
    return {
      ok: false,
      reason: `terraform output failed for ${env} in ${chdir} (run make deploy ENV=${env} first?): ${terraformError(r.stderr || r.stdout) ?? `exit ${r.status}`}`,
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.stdout || '{}');
  } catch {
    return { ok: false, reason: `terraform output -json in ${chdir} did not print JSON` };
  }
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((parsed ?? {}) as Record<string, { value?: unknown }>)) values[k] = v?.value;
  if (Object.keys(values).length === 0) return { ok: false, reason: `no outputs for ${env} in ${chdir}: nothing has been applied to ${env} yet` };
  return { ok: true, values };
}

/** The first "Error: …" line of terraform's output (boxes and colours removed). */
export function terraformError(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const lines = text
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.replace(/^[│╷╵]\s?/, '').trim())
    .filter(Boolean);
  return lines.find((l) => l.startsWith('Error:')) ?? lines.filter((l) => !/CLI configuration/.test(l)).slice(-1)[0];
}

/** "10m", "2h", "1d", "30s", or an ISO date → epoch milliseconds. */
export function parseSince(text: string, now = Date.now()): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (m) return now - Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`--since ${JSON.stringify(text)}: use 30s, 10m, 2h, 1d or an ISO date`);
  return t;
}

/** zod issues as one line per problem. */
export function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('\n');
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parse with a schema, throwing a UsageError that names the option. */
export function parseOption<T>(schema: z.ZodType<T>, value: unknown, option: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${option}: ${describeZodError(r.error)}`);
  return r.data;
}

/** True when this module is the program being run (tsx scripts/deploy/x.ts), not imported. */
export function isMain(importMetaUrl: string): boolean {
  return Boolean(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(importMetaUrl);
}

/** An SDK error with what to do about it when the cause is the local AWS setup. */
export function explainAwsError(err: unknown): string {
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.name === 'CredentialsProviderError')
    return `no AWS credentials (${e.message.split('\n')[0]}): export AWS_PROFILE=<profile> (aws configure / aws sso login) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  if (/^Region is missing/.test(e.message)) return 'no AWS region: export AWS_REGION=<region> (or AWS_PROFILE with a region)';
  if (/ExpiredToken|InvalidClientTokenId|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch/.test(`${e.name} ${e.message}`))
    return `${e.name}: ${e.message} (refresh the AWS credentials)`;
  if (/AccessDenied/.test(e.name)) return `${e.name}: ${e.message}`;
  return e.message;
}

/** Run a CLI main, mapping usage errors to exit 2 and anything else to exit 1. */
export function runMain(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`${name}: ${err.message}`);
        process.exitCode = 2;
      } else {
        console.error(`${name}: ${explainAwsError(err)}`);
        process.exitCode = 1;
      }
    },
  );
}
