/**
 * Terraform for one environment root (infra/envs/<env>), as `make deploy` / `make destroy` run it.
 *
 *   tsx scripts/deploy/tf.ts preflight --env dev     terraform, AWS credentials, the state bucket
 *   tsx scripts/deploy/tf.ts apply --env dev [--auto-approve]
 *        init (backend.hcl + TF_STATE_BUCKET, region, locking) → plan -out=tfplan → confirm → apply tfplan
 *   tsx scripts/deploy/tf.ts destroy --env dev [--auto-approve]
 *
 * Preflight fails with one clear line per problem, before anything is built or planned:
 * terraform not on PATH; no AWS credentials from the SDK's default chain (env vars, profile,
 * SSO, web identity, container/instance role); TF_STATE_BUCKET unset; the bucket unreachable
 * with those credentials (HeadBucket, which also proves the credentials are valid).
 *
 * Locking, as infra/envs/<env>/backend.hcl says: use_lockfile on Terraform >= 1.10, else the
 * DynamoDB table named by TF_LOCK_TABLE.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import {
  REPO_ROOT, UsageError, envSchema, functionFolders, isMain, parseOption, runCommand, runMain, terraformOutputs, terraformVersion, versionAtLeast,
  type Environment, type RunCommand,
} from './common';

const USAGE = `usage: tf.ts preflight|apply|destroy --env dev|staging|prod [--auto-approve]`;

/** S3 bucket names (general purpose): 3-63 lowercase letters, digits, dots and hyphens. */
export const bucketSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens');
export const lockTableSchema = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'a DynamoDB table name: 3-255 letters, digits, _ . or -');

export interface Problem {
  what: string;
  fix: string;
}

export interface Credentials {
  accessKeyId: string;
  $source?: Record<string, string>;
}

export interface PreflightDeps {
  run?: RunCommand;
  env?: NodeJS.ProcessEnv;
  /** The SDK default credential chain; rejects when no provider has credentials. */
  credentials?: () => Promise<Credentials>;
  /** HeadBucket on the state bucket; resolves the bucket's region. */
  headBucket?: (bucket: string) => Promise<string | undefined>;
}

export interface PreflightResult {
  problems: Problem[];
  terraform: string | null;
  bucket?: string;
  bucketRegion?: string;
  notes: string[];
}

const CREDENTIAL_SOURCES: Record<string, string> = {
  CREDENTIALS_ENV_VARS: 'environment variables',
  CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'web identity token (environment)',
  CREDENTIALS_PROFILE: 'shared config profile',
  CREDENTIALS_PROFILE_SOURCE_PROFILE: 'profile (assumed role)',
  CREDENTIALS_PROFILE_SSO: 'profile (IAM Identity Center)',
  CREDENTIALS_PROFILE_SSO_LEGACY: 'profile (legacy SSO)',
  CREDENTIALS_PROFILE_PROCESS: 'profile (credential_process)',
  CREDENTIALS_SSO: 'IAM Identity Center',
  CREDENTIALS_PROCESS: 'credential_process',
  CREDENTIALS_HTTP: 'container credentials endpoint',
  CREDENTIALS_IMDS: 'instance metadata (EC2 role)',
  CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'web identity',
};

export function describeCredentials(c: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const sources = Object.keys(c.$source ?? {}).map((k) => CREDENTIAL_SOURCES[k]).filter(Boolean);
  const key = c.accessKeyId ? `${c.accessKeyId.slice(0, 4)}…${c.accessKeyId.slice(-4)}` : 'unknown key';
  const profile = env.AWS_PROFILE ? `, profile ${env.AWS_PROFILE}` : '';
  return `${key} from ${sources.length ? [...new Set(sources)].join(', ') : 'the default credential chain'}${profile}`;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms).unref())]);

function defaultCredentials(): Promise<Credentials> {
  return withTimeout(new S3Client({ region: 'us-east-1' }).config.credentials() as Promise<Credentials>, 20_000, 'resolving AWS credentials');
}

async function defaultHeadBucket(bucket: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const s3 = new S3Client({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', followRegionRedirects: true });
  const out = await withTimeout(s3.send(new HeadBucketCommand({ Bucket: bucket })), 20_000, `HeadBucket ${bucket}`);
  return out.BucketRegion;
}

/** Everything `make deploy` needs before it builds: each missing piece is one Problem with its fix. */
export async function preflight(environment: Environment, deps: PreflightDeps = {}): Promise<PreflightResult> {
  const env = deps.env ?? process.env;
  const problems: Problem[] = [];
  const notes: string[] = [];
  const terraform = terraformVersion(deps.run ?? runCommand);
  if (!terraform) {
    problems.push({ what: 'terraform is not on PATH', fix: 'install Terraform >= 1.6 (https://developer.hashicorp.com/terraform/install) and re-run; make validate checks the configuration without it' });
  } else if (!versionAtLeast(terraform, '1.6')) {
    problems.push({ what: `terraform ${terraform} is too old`, fix: 'infra/ requires Terraform >= 1.6' });
  } else {
    notes.push(`terraform ${terraform}`);
  }

  let credentialsOk = false;
  try {
    const c = await (deps.credentials ?? defaultCredentials)();
    credentialsOk = true;
    notes.push(`AWS credentials: ${describeCredentials(c, env)}`);
  } catch (err) {
    problems.push({
      what: `no AWS credentials (${(err as Error).message.split('\n')[0]})`,
      fix: 'export AWS_PROFILE=<profile> (aws configure / aws sso login), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    });
  }
  if (!env.AWS_REGION && !env.AWS_DEFAULT_REGION && !env.AWS_PROFILE) {
    notes.push('AWS_REGION is not set: the provider takes the region from the profile (set AWS_REGION=us-east-1 or similar to be explicit)');
  }

  let bucket: string | undefined;
  let bucketRegion: string | undefined;
  if (!env.TF_STATE_BUCKET) {
    problems.push({ what: 'TF_STATE_BUCKET is not set', fix: 'export TF_STATE_BUCKET=<the bucket holding Terraform state> (docs/DEPLOYMENT.md, "Bootstrap the state backend")' });
  } else {
    const parsed = bucketSchema.safeParse(env.TF_STATE_BUCKET);
    if (!parsed.success) problems.push({ what: `TF_STATE_BUCKET=${JSON.stringify(env.TF_STATE_BUCKET)} is not a bucket name`, fix: parsed.error.issues[0].message });
    else bucket = parsed.data;
  }
  if (env.TF_LOCK_TABLE && !lockTableSchema.safeParse(env.TF_LOCK_TABLE).success) {
    problems.push({ what: `TF_LOCK_TABLE=${JSON.stringify(env.TF_LOCK_TABLE)} is not a table name`, fix: 'unset it (Terraform >= 1.10 locks with a lock file in the bucket) or name the lock table' });
  }
  if (terraform && !versionAtLeast(terraform, '1.10') && !env.TF_LOCK_TABLE) {
    notes.push(`terraform ${terraform} has no S3 lock files (>= 1.10): state is NOT locked unless TF_LOCK_TABLE names a DynamoDB lock table`);
  }
  if (bucket && credentialsOk) {
    try {
      bucketRegion = await (deps.headBucket ?? ((b) => defaultHeadBucket(b, env)))(bucket);
      notes.push(`state bucket s3://${bucket}${bucketRegion ? ` (${bucketRegion})` : ''}`);
    } catch (err) {
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      const why = status === 404 || e.name === 'NotFound' ? 'does not exist'
        : status === 403 || e.name === 'Forbidden' ? 'is not readable with these credentials (403)'
          : `could not be reached: ${e.name}: ${e.message.split('\n')[0]}`;
      const fix = /InvalidAccessKeyId|ExpiredToken|SignatureDoesNotMatch|InvalidClientTokenId|UnrecognizedClient/i.test(`${e.name} ${e.message}`)
        ? 'the AWS credentials are invalid or expired: refresh them (aws sso login, new keys)'
        : 'create it (docs/DEPLOYMENT.md, "Bootstrap the state backend") or fix TF_STATE_BUCKET';
      problems.push({ what: `state bucket s3://${bucket} ${why}`, fix });
    }
  }
  return { problems, terraform, bucket, bucketRegion, notes };
}

/** -backend-config flags for `terraform init`: backend.hcl plus bucket, region and locking. */
export function backendConfigArgs(opts: { terraform: string; bucket: string; region?: string; lockTable?: string }): string[] {
  const args = ['-backend-config=backend.hcl', `-backend-config=bucket=${opts.bucket}`];
  if (opts.region) args.push(`-backend-config=region=${opts.region}`);
  if (versionAtLeast(opts.terraform, '1.10')) args.push('-backend-config=use_lockfile=true');
  else if (opts.lockTable) args.push(`-backend-config=dynamodb_table=${opts.lockTable}`);
  return args;
}

/** The terraform commands `apply` runs, in order (relative to the repository root). */
export function applyCommands(environment: Environment, backend: string[]): string[][] {
  const chdir = `-chdir=${join('infra', 'envs', environment)}`;
  return [
    [chdir, 'init', '-input=false', ...backend],
    [chdir, 'plan', '-input=false', '-out=tfplan'],
    [chdir, 'apply', '-input=false', 'tfplan'],
  ];
}

export function destroyCommands(environment: Environment, backend: string[], autoApprove: boolean): string[][] {
  const chdir = `-chdir=${join('infra', 'envs', environment)}`;
  return [
    [chdir, 'init', '-input=false', ...backend],
    [chdir, 'destroy', '-input=false', ...(autoApprove ? ['-auto-approve'] : [])],
  ];
}

/** Function folders whose dist/functions/<folder>.zip (make build) is missing. */
export function missingArtifacts(repoRoot = REPO_ROOT): string[] {
  return functionFolders(repoRoot).filter((f) => !existsSync(join(repoRoot, 'dist', 'functions', `${f}.zip`)));
}

function report(result: PreflightResult, environment: Environment, verb: string): boolean {
  for (const n of result.notes) console.error(`  ${n}`);
  if (result.problems.length === 0) return true;
  console.error(`\nCannot ${verb} ${environment}:`);
  for (const p of result.problems) console.error(`  ✗ ${p.what}\n      → ${p.fix}`);
  return false;
}

function terraform(args: string[]): void {
  console.error(`+ terraform ${args.join(' ')}`);
  const r = spawnSync('terraform', args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.error) throw new Error(`terraform: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`terraform ${args[1]} failed (exit ${r.status})`);
}

async function confirm(question: string, expected: string[]): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim();
    return expected.includes(answer);
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { env: { type: 'string' }, 'auto-approve': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (!['preflight', 'apply', 'destroy'].includes(command)) throw new UsageError(`unknown command ${command}\n${USAGE}`);
  const environment = parseOption(envSchema, values.env ?? process.env.ENV, '--env');
  const autoApprove = values['auto-approve'] || /^(1|true|yes)$/i.test(process.env.AUTO_APPROVE ?? '');

  console.error(`preflight (${environment}):`);
  const pre = await preflight(environment);
  if (!report(pre, environment, command === 'destroy' ? 'destroy' : 'deploy')) return 1;
  if (command === 'preflight') return 0;

  const missing = missingArtifacts();
  if (missing.length) {
    console.error(`dist/functions/ lacks ${missing.map((m) => `${m}.zip`).join(', ')}: run make build first`);
    return 1;
  }
  const backend = backendConfigArgs({ terraform: pre.terraform!, bucket: pre.bucket!, region: pre.bucketRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION, lockTable: process.env.TF_LOCK_TABLE });

  if (command === 'destroy') {
    const [init, destroy] = destroyCommands(environment, backend, true);
    terraform(init);
    if (!autoApprove) {
      const ok = await confirm(`Destroy every resource of ${environment}? Type the environment name to confirm: `, [environment]);
      if (!ok) {
        console.error(process.stdin.isTTY ? 'not confirmed: nothing destroyed' : 'no terminal to confirm on: set AUTO_APPROVE=1 to destroy without a prompt');
        return 1;
      }
    }
    terraform(destroy);
    return 0;
  }

  const [init, plan, apply] = applyCommands(environment, backend);
  terraform(init);
  terraform(plan);
  if (!autoApprove) {
    const ok = await confirm(`Apply this plan to ${environment}? [y/N] `, ['y', 'Y', 'yes']);
    if (!ok) {
      console.error(process.stdin.isTTY ? 'not applied (the plan is in infra/envs/' + environment + '/tfplan)' : 'no terminal to confirm on: set AUTO_APPROVE=1 to apply without a prompt');
      return 1;
    }
  }
  terraform(apply);
  const out = terraformOutputs(environment);
  if (out.ok) {
    const dashboards = out.values.dashboard_urls as Record<string, string> | undefined;
    for (const [name, url] of Object.entries(dashboards ?? {})) console.log(`dashboard ${name}: ${url}`);
    const topic = out.values.alerts_topic_arn;
    if (topic) console.log(`alerts topic: ${String(topic)} (confirm the subscription email of every alert_emails address)`);
  }
  console.log(`next: make trigger-house-fd-pipeline ENV=${environment} WAIT=1`);
  return 0;
}

if (isMain(import.meta.url)) runMain('deploy', () => main(process.argv.slice(2)));
