import { describe, expect, it } from '@jest/globals';
import {
  envSchema,
  executionConsoleUrl,
  explainAwsError,
  terraformError,
  functionFolders,
  functionLogGroup,
  parseArn,
  parseSince,
  pipelines,
  stateMachineArnSchema,
  stateMachineConsoleUrl,
  stateMachineLogGroup,
  stateMachineName,
  terraformOutputs,
  terraformVersion,
  versionAtLeast,
  type RunCommand,
} from '../common';

describe('names Terraform gives an environment (infra/modules/medallion)', () => {
  it('state machine, functions and their log groups', () => {
    expect(stateMachineName('medallion', 'dev', 'house_fd_pipeline')).toBe('medallion-dev-house-fd-pipeline');
    expect(functionLogGroup('medallion', 'prod', 'house-fd-ingest-zip')).toBe('/aws/lambda/medallion-prod-house-fd-ingest-zip');
    expect(stateMachineLogGroup('medallion', 'staging', 'house_fd_pipeline')).toBe('/aws/vendedlogs/states/medallion-staging-house-fd-pipeline');
  });

  it('the repository lists the functions and pipelines every environment deploys', () => {
    expect(functionFolders()).toContain('house-fd-ingest-zip');
    expect(pipelines()).toContain('house_fd_pipeline');
  });
});

describe('validation', () => {
  it('environments', () => {
    expect(envSchema.parse('staging')).toBe('staging');
    expect(envSchema.safeParse('production').success).toBe(false);
  });

  it.each([
    ['arn:aws:states:us-east-1:111122223333:stateMachine:medallion-dev-house-fd-pipeline', true],
    ['arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:x', true],
    ['arn:aws-cn:states:cn-north-1:111122223333:stateMachine:x', true],
    ['arn:aws:states:us-east-1:111122223333:execution:x:y', false],
    ['arn:aws:states:us-east-1:111122223333:stateMachine:x:alias', false],
    ['arn:aws:states:us-east-1:11112222333:stateMachine:x', false],
    ['medallion-dev-house-fd-pipeline', false],
  ])('%s is a state machine ARN: %s', (arn, ok) => {
    expect(stateMachineArnSchema.safeParse(arn).success).toBe(ok);
  });
});

describe('console URLs', () => {
  it("open the execution in the ARN's region and partition", () => {
    const exec = 'arn:aws:states:eu-west-1:111122223333:execution:medallion-dev-house-fd-pipeline:abc';
    expect(executionConsoleUrl(exec)).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${exec}`);
    expect(stateMachineConsoleUrl('arn:aws-us-gov:states:us-gov-west-1:111122223333:stateMachine:x')).toMatch(
      /^https:\/\/us-gov-west-1\.console\.amazonaws-us-gov\.com\//,
    );
    expect(parseArn(exec)).toEqual({
      partition: 'aws',
      service: 'states',
      region: 'eu-west-1',
      account: '111122223333',
      resource: 'execution:medallion-dev-house-fd-pipeline:abc',
    });
  });
});

describe('terraform', () => {
  const fake =
    (stdout: string, status = 0): RunCommand =>
    () => ({ status, stdout, stderr: '' });

  it('version, from -json or the text banner, and comparisons', () => {
    expect(terraformVersion(fake('{"terraform_version":"1.9.8","platform":"linux_amd64"}'))).toBe('1.9.8');
    expect(terraformVersion(fake('Terraform v1.11.4\non linux_amd64'))).toBe('1.11.4');
    expect(terraformVersion(() => ({ status: null, stdout: '', stderr: '', error: new Error('ENOENT') }))).toBeNull();
    expect(versionAtLeast('1.10.0', '1.10')).toBe(true);
    expect(versionAtLeast('1.9.8', '1.10')).toBe(false);
    expect(versionAtLeast('1.11.4', '1.6')).toBe(true);
  });

  it('outputs: values unwrapped, or why there are none', () => {
    expect(terraformOutputs('dev', fake('{"lake_uri":{"value":"s3://b","type":"string","sensitive":false}}'))).toEqual({
      ok: true,
      values: { lake_uri: 's3://b' },
    });
    expect(terraformOutputs('dev', fake('{}'))).toEqual({ ok: false, reason: 'no outputs for dev in infra/envs: nothing has been applied to dev yet' });
    expect(terraformOutputs('dev', fake('garbage'))).toMatchObject({ ok: false });
  });
});

describe('--since', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it.each([
    ['30s', now - 30_000],
    ['10m', now - 600_000],
    ['2h', now - 7_200_000],
    ['1d', now - 86_400_000],
    ['2026-01-01T11:00:00Z', now - 3_600_000],
  ])('%s', (text, expected) => {
    expect(parseSince(text, now)).toBe(expected);
  });
  it('rejects anything else', () => {
    expect(() => parseSince('yesterday', now)).toThrow(/use 30s, 10m, 2h, 1d or an ISO date/);
  });
});

describe('errors', () => {
  it("terraform's first Error: line, out of its box", () => {
    expect(
      terraformError(
        '╷\n│ Error: Backend initialization required, please run "terraform init"\n│\n│ Reason: Initial configuration of the requested backend "s3"\n╵\n',
      ),
    ).toBe('Error: Backend initialization required, please run "terraform init"');
  });
  it('AWS setup problems come with what to do', () => {
    expect(explainAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))).toMatch(
      /^no AWS credentials .*AWS_PROFILE/,
    );
    expect(explainAwsError(new Error('Region is missing'))).toMatch(/export AWS_REGION/);
    expect(explainAwsError(new Error('anything else'))).toBe('anything else');
  });
});
