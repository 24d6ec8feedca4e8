import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, type Environment, type RunCommand } from '../common';
import {
  apiKeyReminder,
  applyCommands,
  backendConfigArgs,
  backendLocking,
  configProblems,
  describeCredentials,
  destroyCommands,
  preflight,
  tfvarsList,
  valueProblems,
} from '../tf';

const terraformAt =
  (version: string | null): RunCommand =>
  () =>
    version
      ? { status: 0, stdout: JSON.stringify({ terraform_version: version }), stderr: '' }
      : { status: null, stdout: '', stderr: '', error: new Error('spawn terraform ENOENT') };
const creds = async () => ({ accessKeyId: 'AKIAABCDEFGHIJKL1234', $source: { CREDENTIALS_PROFILE: 'n' } });
const noCreds = async () => {
  throw new Error('Could not load credentials from any providers');
};

const LOCKED = 'key          = "medallion/dev/terraform.tfstate"\nencrypt      = true\nuse_lockfile = true\n';
const READY = 'environment = "prod"\nalert_emails = ["oncall@acme.io"]\nkey_administrators = [\n  "arn:aws:iam::444455556666:role/deployer",\n]\n';

// A checkout whose infra/envs holds the given <env>.backend.hcl and <env>.tfvars.
const repos: string[] = [];
function repoWith(env: Environment, files: { backend?: string; tfvars?: string }): string {
  const repo = mkdtempSync(join(tmpdir(), 'tf-preflight-'));
  repos.push(repo);
  mkdirSync(join(repo, 'infra', 'envs'), { recursive: true });
  if (files.backend !== undefined) writeFileSync(join(repo, 'infra', 'envs', `${env}.backend.hcl`), files.backend);
  if (files.tfvars !== undefined) writeFileSync(join(repo, 'infra', 'envs', `${env}.tfvars`), files.tfvars);
  return repo;
}
afterAll(() => {
  for (const r of repos) rmSync(r, { recursive: true, force: true });
});
const ready = (env: Environment) => repoWith(env, { backend: LOCKED, tfvars: READY });

describe('preflight', () => {
  it('passes with terraform >= 1.10, credentials, a reachable state bucket and ready values; names the bucket key', async () => {
    const r = await preflight('dev', {
      run: terraformAt('1.11.4'),
      env: { TF_STATE_BUCKET: 'acme-tfstate', AWS_REGION: 'us-east-1' },
      credentials: creds,
      headBucket: async () => 'us-east-2',
      bucketKmsKey: async () => 'arn:aws:kms:us-east-2:444455556666:key/k',
      repoRoot: ready('dev'),
    });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({
      terraform: '1.11.4',
      bucket: 'acme-tfstate',
      bucketRegion: 'us-east-2',
      stateKmsKey: 'arn:aws:kms:us-east-2:444455556666:key/k',
    });
    expect(r.notes).toContain('AWS credentials: AKIA…1234 from shared config profile');
  });

  it('names every missing piece with its fix, and does not call S3 without credentials', async () => {
    let headed = false;
    const r = await preflight('prod', {
      run: terraformAt(null),
      env: { TF_STATE_BUCKET: 'acme-tfstate' },
      credentials: noCreds,
      headBucket: async () => {
        headed = true;
        return undefined;
      },
      repoRoot: ready('prod'),
    });
    expect(r.problems.map((p) => p.what)).toEqual(['terraform is not on PATH', 'no AWS credentials (Could not load credentials from any providers)']);
    expect(r.problems[0].fix).toMatch(/install Terraform >= 1\.10/);
    expect(r.problems[1].fix).toMatch(/AWS_PROFILE/);
    expect(headed).toBe(false);
  });

  it('requires TF_STATE_BUCKET, and a valid name', async () => {
    const unset = await preflight('dev', { run: terraformAt('1.11.4'), env: {}, credentials: creds, repoRoot: ready('dev') });
    expect(unset.problems.map((p) => p.what)).toEqual(['TF_STATE_BUCKET is not set']);
    const bad = await preflight('dev', { run: terraformAt('1.11.4'), env: { TF_STATE_BUCKET: 'Not_A_Bucket' }, credentials: creds, repoRoot: ready('dev') });
    expect(bad.problems[0].what).toMatch(/is not a bucket name/);
  });

  it.each([
    [Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }), /does not exist/, /create it/],
    [
      Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }),
      /not readable with these credentials/,
      /create it|fix TF_STATE_BUCKET/,
    ],
    [
      Object.assign(new Error('The AWS Access Key Id you provided does not exist in our records.'), {
        name: 'InvalidAccessKeyId',
        $metadata: { httpStatusCode: 403 },
      }),
      /not readable/,
      /invalid or expired/,
    ],
  ])('explains a state bucket it cannot use (%s)', async (err, what, fix) => {
    const r = await preflight('dev', {
      run: terraformAt('1.11.4'),
      env: { TF_STATE_BUCKET: 'acme-tfstate' },
      credentials: creds,
      headBucket: async () => {
        throw err;
      },
      repoRoot: ready('dev'),
    });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].what).toMatch(what);
    expect(r.problems[0].fix).toMatch(fix);
  });

  it('refuses Terraform < 1.10, which cannot lock S3 state with a lock file', async () => {
    const r = await preflight('dev', {
      run: terraformAt('1.9.8'),
      env: { TF_STATE_BUCKET: 'acme-tfstate', TF_LOCK_TABLE: 'locks' },
      credentials: creds,
      headBucket: async () => undefined,
      bucketKmsKey: async () => undefined,
      repoRoot: ready('dev'),
    });
    expect(r.problems.map((p) => p.what)).toEqual(['terraform 1.9.8 is too old']);
    expect(r.notes.join('\n')).toMatch(/TF_LOCK_TABLE is ignored/);
  });
});

describe("the environment's files", () => {
  it('refuses a backend without locking (no use_lockfile, or only a DynamoDB table)', () => {
    expect(backendLocking(LOCKED)).toBe('lockfile');
    expect(backendLocking('key = "k"\nencrypt = true\n')).toBe('none');
    expect(backendLocking('key = "k"\n# use_lockfile = true\nuse_lockfile = false\n')).toBe('none');
    expect(backendLocking('key = "k"\ndynamodb_table = "locks"\n')).toBe('dynamodb');
    const unlocked = configProblems(
      'staging',
      repoWith('staging', { backend: 'key = "medallion/staging/terraform.tfstate"\nencrypt = true\n', tfvars: READY }),
    );
    expect(unlocked.map((p) => p.what)).toEqual(['infra/envs/staging.backend.hcl does not lock the state']);
    expect(configProblems('staging', repoWith('staging', { tfvars: READY }))[0].what).toBe('infra/envs/staging.backend.hcl does not exist');
  });

  it('staging and prod refuse to deploy without a real alarm subscriber; dev may have none', () => {
    const admins = 'key_administrators = ["arn:aws:iam::444455556666:role/deployer"]\n';
    expect(valueProblems('prod', `alert_emails = []\n${admins}`).map((p) => p.what)).toEqual(['prod has no alarm subscriber (alert_emails is empty)']);
    expect(valueProblems('staging', `alert_emails = ["staging-alerts@example.com"]\n${admins}`).map((p) => p.what)).toEqual([
      'staging has no alarm subscriber (alert_emails holds only example.com placeholders)',
    ]);
    expect(valueProblems('prod', `alert_emails = ["oncall@acme.io"]\n${admins}`)).toEqual([]);
    expect(valueProblems('dev', `alert_emails = []\n${admins}`)).toEqual([]);
  });

  it('refuses key administrators that are missing or still the example account', () => {
    expect(valueProblems('dev', 'alert_emails = []\n').map((p) => p.what)).toEqual(['key_administrators is not set in infra/envs/dev.tfvars']);
    expect(valueProblems('dev', 'key_administrators = [\n  "arn:aws:iam::111122223333:role/medallion-deployer",\n]\n')[0].what).toMatch(
      /example account 111122223333/,
    );
    expect(tfvarsList('a = ["x", "y"] # c\nb = []\n', 'a')).toEqual(['x', 'y']);
    expect(tfvarsList('b = []\n', 'a')).toBeNull();
  });

  it('after an apply, tells the operator how to put the api.congress.gov key into the parameter <env>.tfvars names (Terraform never holds it)', () => {
    const prod = apiKeyReminder('prod', readFileSync(join(REPO_ROOT, 'infra', 'envs', 'prod.tfvars'), 'utf8'));
    expect(prod).toContain('aws ssm put-parameter --name /medallion/prod/congress-gov-api-key --type SecureString --key-id alias/medallion-prod');
    expect(apiKeyReminder('dev', readFileSync(join(REPO_ROOT, 'infra', 'envs', 'dev.tfvars'), 'utf8'))).toBeNull();
    expect(apiKeyReminder('dev', '# congress_gov_api_key_parameter = "/x"\n')).toBeNull();
  });

  it('the committed staging and prod values are placeholders make deploy refuses until they are replaced', () => {
    for (const env of ['staging', 'prod'] as const) {
      const problems = valueProblems(env, readFileSync(join(REPO_ROOT, 'infra', 'envs', `${env}.tfvars`), 'utf8'))
        .map((p) => p.what)
        .join('\n');
      expect(problems).toMatch(/no alarm subscriber/);
      expect(problems).toMatch(/example account/);
      expect(problems).toMatch(/ndjson in infra\/envs\/\w+\.tfvars still names the example VPC or subnets/);
    }
  });

  it('refuses the example VPC and subnets of the NDJSON converter, accepts real ones', () => {
    const admins = 'key_administrators = ["arn:aws:iam::444455556666:role/deployer"]\n';
    const ndjson = (vpc: string, subnet: string) => `${admins}ndjson = {\n  vpc_id             = "${vpc}"\n  private_subnet_ids = ["${subnet}"]\n}\n`;
    expect(valueProblems('dev', ndjson('vpc-0123456789abcdef0', 'subnet-0aaaaaaaaaaaaaaaa')).map((p) => p.what)).toEqual([
      'ndjson in infra/envs/dev.tfvars still names the example VPC or subnets',
    ]);
    expect(valueProblems('dev', ndjson('vpc-0aaaaaaaaaaaaaaaa', 'subnet-0fedcba9876543210'))).toHaveLength(1);
    expect(valueProblems('dev', ndjson('vpc-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'))).toEqual([]);
  });
});

describe('terraform commands', () => {
  it('backend: <env>.backend.hcl, the bucket, its region and key, and always the S3 lock file', () => {
    expect(backendConfigArgs({ environment: 'prod', bucket: 'b', region: 'us-east-2', kmsKeyId: 'arn:aws:kms:us-east-2:1:key/k' })).toEqual([
      '-backend-config=prod.backend.hcl',
      '-backend-config=bucket=b',
      '-backend-config=region=us-east-2',
      '-backend-config=kms_key_id=arn:aws:kms:us-east-2:1:key/k',
      '-backend-config=use_lockfile=true',
    ]);
    expect(backendConfigArgs({ environment: 'dev', bucket: 'b' })).toEqual([
      '-backend-config=dev.backend.hcl',
      '-backend-config=bucket=b',
      '-backend-config=use_lockfile=true',
    ]);
  });

  it("apply: init, plan the environment's values to a file, apply that file — in the one root", () => {
    expect(applyCommands('staging', ['-backend-config=staging.backend.hcl'])).toEqual([
      ['-chdir=infra/envs', 'init', '-input=false', '-backend-config=staging.backend.hcl'],
      ['-chdir=infra/envs', 'plan', '-input=false', '-var-file=staging.tfvars', '-out=staging.tfplan'],
      ['-chdir=infra/envs', 'apply', '-input=false', 'staging.tfplan'],
    ]);
    expect(destroyCommands('dev', [], true)[1]).toEqual(['-chdir=infra/envs', 'destroy', '-input=false', '-var-file=dev.tfvars', '-auto-approve']);
  });

  it('describes credentials without printing the key', () => {
    expect(describeCredentials({ accessKeyId: 'ASIAXXXXXXXXXXXXWXYZ', $source: { CREDENTIALS_ENV_VARS: 'g' } }, { AWS_PROFILE: 'dev' })).toBe(
      'ASIA…WXYZ from environment variables, profile dev',
    );
  });
});
