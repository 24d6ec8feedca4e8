import { describe, expect, it } from '@jest/globals';
import type { RunCommand } from '../common';
import { applyCommands, backendConfigArgs, describeCredentials, destroyCommands, preflight } from '../tf';

const terraformAt = (version: string | null): RunCommand => () => (version
  ? { status: 0, stdout: JSON.stringify({ terraform_version: version }), stderr: '' }
  : { status: null, stdout: '', stderr: '', error: new Error('spawn terraform ENOENT') });
const creds = async () => ({ accessKeyId: 'AKIAABCDEFGHIJKL1234', $source: { CREDENTIALS_PROFILE: 'n' } });
const noCreds = async () => { throw new Error('Could not load credentials from any providers'); };

describe('preflight', () => {
  it('passes with terraform, credentials and a reachable state bucket', async () => {
    const r = await preflight('dev', { run: terraformAt('1.11.4'), env: { TF_STATE_BUCKET: 'acme-tfstate', AWS_REGION: 'us-east-1' }, credentials: creds, headBucket: async () => 'us-east-2' });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ terraform: '1.11.4', bucket: 'acme-tfstate', bucketRegion: 'us-east-2' });
    expect(r.notes).toContain('AWS credentials: AKIA…1234 from shared config profile');
  });

  it('names every missing piece with its fix, and does not call S3 without credentials', async () => {
    let headed = false;
    const r = await preflight('prod', { run: terraformAt(null), env: { TF_STATE_BUCKET: 'acme-tfstate' }, credentials: noCreds, headBucket: async () => { headed = true; return undefined; } });
    expect(r.problems.map((p) => p.what)).toEqual(['terraform is not on PATH', 'no AWS credentials (Could not load credentials from any providers)']);
    expect(r.problems[0].fix).toMatch(/install Terraform >= 1\.6/);
    expect(r.problems[1].fix).toMatch(/AWS_PROFILE/);
    expect(headed).toBe(false);
  });

  it('requires TF_STATE_BUCKET, and a valid name', async () => {
    const unset = await preflight('dev', { run: terraformAt('1.11.4'), env: {}, credentials: creds });
    expect(unset.problems.map((p) => p.what)).toEqual(['TF_STATE_BUCKET is not set']);
    const bad = await preflight('dev', { run: terraformAt('1.11.4'), env: { TF_STATE_BUCKET: 'Not_A_Bucket' }, credentials: creds });
    expect(bad.problems[0].what).toMatch(/is not a bucket name/);
  });

  it.each([
    [Object.assign(new Error('NotFound'), { name: 'NotFound', $metadata: { httpStatusCode: 404 } }), /does not exist/, /create it/],
    [Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } }), /not readable with these credentials/, /create it|fix TF_STATE_BUCKET/],
    [Object.assign(new Error('The AWS Access Key Id you provided does not exist in our records.'), { name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } }), /not readable/, /invalid or expired/],
  ])('explains a state bucket it cannot use (%s)', async (err, what, fix) => {
    const r = await preflight('dev', { run: terraformAt('1.11.4'), env: { TF_STATE_BUCKET: 'acme-tfstate' }, credentials: creds, headBucket: async () => { throw err; } });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].what).toMatch(what);
    expect(r.problems[0].fix).toMatch(fix);
  });

  it('warns that Terraform < 1.10 without TF_LOCK_TABLE does not lock', async () => {
    const r = await preflight('dev', { run: terraformAt('1.9.8'), env: { TF_STATE_BUCKET: 'acme-tfstate' }, credentials: creds, headBucket: async () => undefined });
    expect(r.problems).toEqual([]);
    expect(r.notes.join('\n')).toMatch(/state is NOT locked unless TF_LOCK_TABLE/);
    const old = await preflight('dev', { run: terraformAt('1.5.7'), env: { TF_STATE_BUCKET: 'acme-tfstate' }, credentials: creds, headBucket: async () => undefined });
    expect(old.problems.map((p) => p.what)).toEqual(['terraform 1.5.7 is too old']);
  });
});

describe('terraform commands', () => {
  it('backend: backend.hcl, the bucket and its region, S3 lock files on >= 1.10, else the DynamoDB table', () => {
    expect(backendConfigArgs({ terraform: '1.11.4', bucket: 'b', region: 'us-east-2', lockTable: 'locks' })).toEqual([
      '-backend-config=backend.hcl', '-backend-config=bucket=b', '-backend-config=region=us-east-2', '-backend-config=use_lockfile=true',
    ]);
    expect(backendConfigArgs({ terraform: '1.9.8', bucket: 'b', lockTable: 'locks' })).toEqual([
      '-backend-config=backend.hcl', '-backend-config=bucket=b', '-backend-config=dynamodb_table=locks',
    ]);
  });

  it('apply: init, plan to a file, apply that file — in the environment root', () => {
    expect(applyCommands('staging', ['-backend-config=backend.hcl'])).toEqual([
      ['-chdir=infra/envs/staging', 'init', '-input=false', '-backend-config=backend.hcl'],
      ['-chdir=infra/envs/staging', 'plan', '-input=false', '-out=tfplan'],
      ['-chdir=infra/envs/staging', 'apply', '-input=false', 'tfplan'],
    ]);
    expect(destroyCommands('dev', [], true)[1]).toEqual(['-chdir=infra/envs/dev', 'destroy', '-input=false', '-auto-approve']);
  });

  it('describes credentials without printing the key', () => {
    expect(describeCredentials({ accessKeyId: 'ASIAXXXXXXXXXXXXWXYZ', $source: { CREDENTIALS_ENV_VARS: 'g' } }, { AWS_PROFILE: 'dev' })).toBe('ASIA…WXYZ from environment variables, profile dev');
  });
});
