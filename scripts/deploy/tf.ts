/**
 * Terraform for one environment, as `make deploy` / `make destroy` run it: the one root infra/envs
 * with <env>.tfvars and <env>.backend.hcl, in the environment's own TF_DATA_DIR.
 *
 *   tsx scripts/deploy/tf.ts preflight --env dev     terraform, AWS credentials, the state bucket, the values
 *   tsx scripts/deploy/tf.ts apply --env dev [--auto-approve]
 *        init (<env>.backend.hcl + TF_STATE_BUCKET, region, state key, lock file) → plan -var-file=<env>.tfvars
 *        -out=<env>.tfplan → confirm → apply <env>.tfplan
 *   tsx scripts/deploy/tf.ts destroy --env dev [--auto-approve]
 *
 * Preflight fails with one clear line per problem, before anything is built or planned:
 * terraform missing or older than 1.10; no AWS credentials from the SDK's default chain (env
 * vars, profile, SSO, web identity, container/instance role); TF_STATE_BUCKET unset; the bucket
 * unreachable with those credentials (HeadBucket, which also proves the credentials are valid);
 * a backend without locking (<env>.backend.hcl must say use_lockfile = true); staging or prod
 * without an alert subscriber; placeholder values (example.com addresses, the 111122223333
 * example account) still in <env>.tfvars.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { GetBucketEncryptionCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import {
  REPO_ROOT,
  ROOT_DIR,
  UsageError,
  backendFile,
  envSchema,
  functionFolders,
  isMain,
  parseOption,
  runCommand,
  runMain,
  terraformEnv,
  terraformOutputs,
  terraformVersion,
  tfvarsFile,
  versionAtLeast,
  type Environment,
  type RunCommand,
} from './common';

const USAGE = `usage: tf.ts preflight|apply|destroy --env dev|staging|prod [--auto-approve]`;

/** S3 bucket names (general purpose): 3-63 lowercase letters, digits, dots and hyphens. */
export const bucketSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens');
/** Terraform 1.10: the S3 backend's lock file (use_lockfile), without which state is not locked. */
export const MIN_TERRAFORM = '1.10';

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
  /** The KMS key of the bucket's default encryption (GetBucketEncryption), undefined when it has none. */
  bucketKmsKey?: (bucket: string, region?: string) => Promise<string | undefined>;
  /** Repository holding infra/envs/<env>.tfvars and <env>.backend.hcl (default: this checkout). */
  repoRoot?: string;
}

export interface PreflightResult {
  problems: Problem[];
  terraform: string | null;
  bucket?: string;
  bucketRegion?: string;
  /** Key the state is encrypted with (the bucket's default encryption key), passed as kms_key_id. */
  stateKmsKey?: string;
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
  const sources = Object.keys(c.$source ?? {})
    .map((k) => CREDENTIAL_SOURCES[k])
    .filter(Boolean);
  const key = c.accessKeyId ? `${c.accessKeyId.slice(0, 4)}…${c.accessKeyId.slice(-4)}` : 'unknown key';
  const profile = env.AWS_PROFILE ? `, profile ${env.AWS_PROFILE}` : '';
  return `${key} from ${sources.length ? [...new Set(sources)].join(', ') : 'the default credential chain'}${profile}`;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000}s`)), ms).unref())]);

function defaultCredentials(): Promise<Credentials> {
  return withTimeout(new S3Client({ region: 'us-east-1' }).config.credentials() as Promise<Credentials>, 20_000, 'resolving AWS credentials');
}

async function defaultBucketKmsKey(bucket: string, region: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const s3 = new S3Client({ region: region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', followRegionRedirects: true });
  const out = await withTimeout(s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })), 20_000, `GetBucketEncryption ${bucket}`);
  const rule = out.ServerSideEncryptionConfiguration?.Rules?.find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms');
  return rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
}

/**
 * How <env>.backend.hcl locks the state: 'lockfile' (use_lockfile = true), or why it does not.
 * make deploy refuses anything but a lock file: two unlocked applies overwrite each other's state.
 */
export function backendLocking(text: string): 'lockfile' | 'dynamodb' | 'none' {
  const body = text.replace(/#.*$/gm, '');
  if (/^\s*use_lockfile\s*=\s*true\s*$/m.test(body)) return 'lockfile';
  if (/^\s*dynamodb_table\s*=/m.test(body)) return 'dynamodb';
  return 'none';
}

/** The strings of a list attribute of a .tfvars file (`name = ["a", "b"]`), null when absent. */
export function tfvarsList(text: string, name: string): string[] | null {
  const m = new RegExp(`^\\s*${name}\\s*=\\s*\\[([^\\]]*)\\]`, 'm').exec(text.replace(/#.*$/gm, ''));
  return m ? [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]) : null;
}

/** Values in <env>.tfvars that must be real before a deploy: subscribers and key administrators. */
export function valueProblems(environment: Environment, tfvarsText: string): Problem[] {
  const problems: Problem[] = [];
  const file = `${ROOT_DIR}/${tfvarsFile(environment)}`;
  const emails = tfvarsList(tfvarsText, 'alert_emails') ?? [];
  const placeholder = (e: string) => /@example\.(com|org|net)$/i.test(e);
  if (environment !== 'dev' && emails.filter((e) => !placeholder(e)).length === 0) {
    problems.push({
      what: `${environment} has no alarm subscriber (alert_emails ${emails.length ? 'holds only example.com placeholders' : 'is empty'})`,
      fix: `set alert_emails = ["oncall@your-domain"] in ${file}: alarms nobody receives protect nothing`,
    });
  } else if (emails.some(placeholder)) {
    problems.push({ what: `alert_emails in ${file} still holds an example.com placeholder`, fix: 'replace it with a real address (or remove it)' });
  }
  const admins = tfvarsList(tfvarsText, 'key_administrators');
  if (!admins || admins.length === 0) {
    problems.push({
      what: `key_administrators is not set in ${file}`,
      fix: 'list the role that runs make deploy and a break-glass role (docs/DEPLOYMENT.md, "The environment key")',
    });
  } else if (admins.some((a) => a.includes(':111122223333:'))) {
    problems.push({
      what: `key_administrators in ${file} still names the example account 111122223333`,
      fix: "use your account's deploy role and break-glass role ARNs",
    });
  }
  // The NDJSON converter's Fargate task runs in these: the example ids of the committed tfvars exist in no account.
  const network = /^\s*(vpc_id\s*=\s*"vpc-0123456789abcdef0"|private_subnet_ids\s*=\s*\[[^\]]*"subnet-0(123456789abcdef0|fedcba9876543210)")/m;
  if (network.test(tfvarsText.replace(/#.*$/gm, ''))) {
    problems.push({
      what: `ndjson in ${file} still names the example VPC or subnets`,
      fix: 'set ndjson.vpc_id and ndjson.private_subnet_ids to the VPC and private subnets of the Fargate converter (docs/DEPLOYMENT.md, "The NDJSON pipeline")',
    });
  }
  return problems;
}

/**
 * What the operator still has to do by hand after an apply: put the api.congress.gov key into the
 * SSM SecureString <env>.tfvars names (Terraform takes only its name, so the key never enters state).
 */
export function apiKeyReminder(environment: Environment, tfvarsText: string): string | null {
  const text = tfvarsText.replace(/#.*$/gm, '');
  const m = /^\s*congress_gov_api_key_parameter\s*=\s*"([^"]+)"/m.exec(text);
  if (!m) return null;
  const project = /^\s*project\s*=\s*"([^"]+)"/m.exec(text)?.[1] ?? 'medallion';
  return (
    `api.congress.gov key: once, put it into SSM (encrypted with the environment key; docs/DEPLOYMENT.md, "The member list"):\n` +
    `  aws ssm put-parameter --name ${m[1]} --type SecureString --key-id alias/${project}-${environment} --value "$CONGRESS_GOV_API_KEY" --overwrite`
  );
}

async function defaultHeadBucket(bucket: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const s3 = new S3Client({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', followRegionRedirects: true });
  const out = await withTimeout(s3.send(new HeadBucketCommand({ Bucket: bucket })), 20_000, `HeadBucket ${bucket}`);
  return out.BucketRegion;
}

/** The environment's files in the checkout: a backend that locks, and values fit to deploy. */
export function configProblems(environment: Environment, repoRoot = REPO_ROOT): Problem[] {
  const problems: Problem[] = [];
  const backend = join(repoRoot, ROOT_DIR, backendFile(environment));
  const locking = existsSync(backend) ? backendLocking(readFileSync(backend, 'utf8')) : null;
  if (locking === null)
    problems.push({
      what: `${ROOT_DIR}/${backendFile(environment)} does not exist`,
      fix: 'create it with key, encrypt = true and use_lockfile = true (see dev.backend.hcl)',
    });
  else if (locking !== 'lockfile') {
    problems.push({
      what: `${ROOT_DIR}/${backendFile(environment)} does not lock the state${locking === 'dynamodb' ? ' with a lock file (dynamodb_table is deprecated)' : ''}`,
      fix: "add use_lockfile = true: two unlocked applies overwrite each other's state",
    });
  }
  const tfvars = join(repoRoot, ROOT_DIR, tfvarsFile(environment));
  if (!existsSync(tfvars))
    problems.push({ what: `${ROOT_DIR}/${tfvarsFile(environment)} does not exist`, fix: 'copy dev.tfvars and set the values of this environment' });
  else problems.push(...valueProblems(environment, readFileSync(tfvars, 'utf8')));
  return problems;
}

/** Everything `make deploy` needs before it builds: each missing piece is one Problem with its fix. */
export async function preflight(environment: Environment, deps: PreflightDeps = {}): Promise<PreflightResult> {
  const env = deps.env ?? process.env;
  const problems: Problem[] = [];
  const notes: string[] = [];
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const terraform = terraformVersion(deps.run ?? runCommand);
  if (!terraform) {
    problems.push({
      what: 'terraform is not on PATH',
      fix: `install Terraform >= ${MIN_TERRAFORM} (https://developer.hashicorp.com/terraform/install) and re-run; make validate checks the configuration without it`,
    });
  } else if (!versionAtLeast(terraform, MIN_TERRAFORM)) {
    problems.push({
      what: `terraform ${terraform} is too old`,
      fix: `infra/envs requires Terraform >= ${MIN_TERRAFORM} (the S3 lock file that keeps two deploys apart)`,
    });
  } else {
    notes.push(`terraform ${terraform}`);
  }

  problems.push(...configProblems(environment, repoRoot));

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
  let stateKmsKey: string | undefined;
  if (!env.TF_STATE_BUCKET) {
    problems.push({
      what: 'TF_STATE_BUCKET is not set',
      fix: 'export TF_STATE_BUCKET=<the bucket holding Terraform state> (docs/DEPLOYMENT.md, "Bootstrap the state backend")',
    });
  } else {
    const parsed = bucketSchema.safeParse(env.TF_STATE_BUCKET);
    if (!parsed.success)
      problems.push({ what: `TF_STATE_BUCKET=${JSON.stringify(env.TF_STATE_BUCKET)} is not a bucket name`, fix: parsed.error.issues[0].message });
    else bucket = parsed.data;
  }
  if (env.TF_LOCK_TABLE) notes.push('TF_LOCK_TABLE is ignored: the state is locked with a lock file in the state bucket (use_lockfile)');
  if (bucket && credentialsOk) {
    try {
      bucketRegion = await (deps.headBucket ?? ((b) => defaultHeadBucket(b, env)))(bucket);
      notes.push(`state bucket s3://${bucket}${bucketRegion ? ` (${bucketRegion})` : ''}`);
      // The bootstrap bucket refuses uploads not encrypted with its key: the backend must name it.
      try {
        stateKmsKey = await (deps.bucketKmsKey ?? ((b, r) => defaultBucketKmsKey(b, r, env)))(bucket, bucketRegion);
      } catch (err) {
        notes.push(`could not read the state bucket's default encryption (${(err as Error).name}): the state is written with encrypt = true only`);
      }
      if (stateKmsKey) notes.push(`state encrypted with ${stateKmsKey}`);
    } catch (err) {
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      const why =
        status === 404 || e.name === 'NotFound'
          ? 'does not exist'
          : status === 403 || e.name === 'Forbidden'
            ? 'is not readable with these credentials (403)'
            : `could not be reached: ${e.name}: ${e.message.split('\n')[0]}`;
      const fix = /InvalidAccessKeyId|ExpiredToken|SignatureDoesNotMatch|InvalidClientTokenId|UnrecognizedClient/i.test(`${e.name} ${e.message}`)
        ? 'the AWS credentials are invalid or expired: refresh them (aws sso login, new keys)'
        : 'create it (docs/DEPLOYMENT.md, "Bootstrap the state backend") or fix TF_STATE_BUCKET';
      problems.push({ what: `state bucket s3://${bucket} ${why}`, fix });
    }
  }
  return { problems, terraform, bucket, bucketRegion, stateKmsKey, notes };
}

/**
 * -backend-config flags for `terraform init`: <env>.backend.hcl plus bucket, region, the state key
 * and always use_lockfile = true (make deploy never runs on unlocked state).
 */
export function backendConfigArgs(opts: { environment: Environment; bucket: string; region?: string; kmsKeyId?: string }): string[] {
  const args = [`-backend-config=${backendFile(opts.environment)}`, `-backend-config=bucket=${opts.bucket}`];
  if (opts.region) args.push(`-backend-config=region=${opts.region}`);
  if (opts.kmsKeyId) args.push(`-backend-config=kms_key_id=${opts.kmsKeyId}`);
  args.push('-backend-config=use_lockfile=true');
  return args;
}

/** The terraform commands `apply` runs, in order, in the one root (relative to the repository root). */
export function applyCommands(environment: Environment, backend: string[]): string[][] {
  const chdir = `-chdir=${ROOT_DIR}`;
  return [
    [chdir, 'init', '-input=false', ...backend],
    [chdir, 'plan', '-input=false', `-var-file=${tfvarsFile(environment)}`, `-out=${environment}.tfplan`],
    [chdir, 'apply', '-input=false', `${environment}.tfplan`],
  ];
}

export function destroyCommands(environment: Environment, backend: string[], autoApprove: boolean): string[][] {
  const chdir = `-chdir=${ROOT_DIR}`;
  return [
    [chdir, 'init', '-input=false', ...backend],
    [chdir, 'destroy', '-input=false', `-var-file=${tfvarsFile(environment)}`, ...(autoApprove ? ['-auto-approve'] : [])],
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

function terraform(environment: Environment, args: string[]): void {
  const env = terraformEnv(environment);
  console.error(`+ TF_DATA_DIR=${env.TF_DATA_DIR} terraform ${args.join(' ')}`);
  const r = spawnSync('terraform', args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
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
  const backend = backendConfigArgs({
    environment,
    bucket: pre.bucket!,
    region: pre.bucketRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
    kmsKeyId: pre.stateKmsKey,
  });

  if (command === 'destroy') {
    const [init, destroy] = destroyCommands(environment, backend, true);
    terraform(environment, init);
    if (!autoApprove) {
      const ok = await confirm(`Destroy every resource of ${environment}? Type the environment name to confirm: `, [environment]);
      if (!ok) {
        console.error(process.stdin.isTTY ? 'not confirmed: nothing destroyed' : 'no terminal to confirm on: set AUTO_APPROVE=1 to destroy without a prompt');
        return 1;
      }
    }
    terraform(environment, destroy);
    return 0;
  }

  const [init, plan, apply] = applyCommands(environment, backend);
  terraform(environment, init);
  terraform(environment, plan);
  if (!autoApprove) {
    const ok = await confirm(`Apply this plan to ${environment}? [y/N] `, ['y', 'Y', 'yes']);
    if (!ok) {
      console.error(
        process.stdin.isTTY
          ? `not applied (the plan is in ${ROOT_DIR}/${environment}.tfplan)`
          : 'no terminal to confirm on: set AUTO_APPROVE=1 to apply without a prompt',
      );
      return 1;
    }
  }
  terraform(environment, apply);
  const out = terraformOutputs(environment);
  if (out.ok) {
    const dashboards = out.values.dashboard_urls as Record<string, string> | undefined;
    for (const [name, url] of Object.entries(dashboards ?? {})) console.log(`dashboard ${name}: ${url}`);
    const topic = out.values.alerts_topic_arn;
    if (topic) console.log(`alerts topic: ${String(topic)} (confirm the subscription email of every alert_emails address)`);
  }
  const reminder = apiKeyReminder(environment, readFileSync(join(REPO_ROOT, ROOT_DIR, tfvarsFile(environment)), 'utf8'));
  if (reminder) console.log(reminder);
  console.log(`next: make trigger-house-fd-pipeline ENV=${environment} WAIT=1`);
  return 0;
}

if (isMain(import.meta.url)) runMain('deploy', () => main(process.argv.slice(2)));
