import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { UsageError, type CommandResult, type RunCommand } from '../common';
import { localCommand, parseTriggerArgs, resolveStateMachineArn, waitForExecution } from '../trigger';

const sfnMock = mockClient(SFNClient);
afterEach(() => {
  sfnMock.reset();
});

const ARN = 'arn:aws:states:us-east-1:111122223333:stateMachine:medallion-dev-house-fd-pipeline';
const noEnv = {} as NodeJS.ProcessEnv;

/** A fake `terraform` answering `output -json` with the given outputs (or failing). */
function fakeTerraform(result: Partial<CommandResult> | 'missing'): { run: RunCommand; calls: string[][]; envs: Record<string, string>[] } {
  const calls: string[][] = [];
  const envs: Record<string, string>[] = [];
  const run: RunCommand = (command, args, options) => {
    calls.push([command, ...args]);
    envs.push(options?.env ?? {});
    if (result === 'missing') return { status: null, stdout: '', stderr: '', error: Object.assign(new Error('spawn terraform ENOENT'), { code: 'ENOENT' }) };
    return { status: 0, stdout: '', stderr: '', ...result };
  };
  return { run, calls, envs };
}
const outputs = (values: Record<string, unknown>) => ({
  stdout: JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: 'x', sensitive: false }]))),
});

describe('trigger arguments', () => {
  it('defaults to house_fd_pipeline with an empty input object, the project from the environment', () => {
    expect(parseTriggerArgs(['--env', 'dev'], noEnv)).toEqual({
      mode: 'aws',
      env: 'dev',
      pipeline: 'house_fd_pipeline',
      project: 'medallion',
      input: '{}',
      name: undefined,
      stateMachineArn: undefined,
      wait: false,
      pollSeconds: 5,
    });
  });

  it('takes ENV from the environment (make passes it) and the ARN from MEDALLION_STATE_MACHINE_ARN', () => {
    const o = parseTriggerArgs(['--wait'], { ENV: 'prod', MEDALLION_STATE_MACHINE_ARN: ARN } as NodeJS.ProcessEnv);
    expect(o).toMatchObject({ mode: 'aws', env: 'prod', stateMachineArn: ARN, wait: true });
  });

  it.each([
    [['--env', 'qa'], /--env: ENV must be one of dev, staging, prod \(got "qa"\)/],
    [[], /--env: ENV must be one of dev, staging, prod/],
    [['--env', 'dev', '--state-machine-arn', 'arn:aws:lambda:us-east-1:111122223333:function:x'], /--state-machine-arn: a state machine ARN looks like/],
    [['--env', 'dev', '--state-machine-arn', 'arn:aws:states:us-east-1:1111:stateMachine:x'], /--state-machine-arn/],
    [['--env', 'dev', '--input', '{not json'], /--input: not JSON/],
    [['--env', 'dev', '--input', '[1,2]'], /--input: the execution input must be a JSON object/],
    [['--env', 'dev', '--name', 'has space'], /--name: an execution name is 1-80 letters/],
    [['--env', 'dev', '--pipeline', 'nope_pipeline'], /no state_machines\/nope_pipeline\.json/],
    [['--env', 'dev', '--project', 'Medallion'], /--project/],
    [['--env', 'dev', '--source', 'x'], /--source only applies with --local/],
    [['--env', 'dev', '--poll-seconds', '0'], /--poll-seconds/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseTriggerArgs(argv as string[], noEnv)).toThrow(UsageError);
    expect(() => parseTriggerArgs(argv as string[], noEnv)).toThrow(message);
  });

  it('rejects options it does not know (parseArgs strict)', () => {
    expect(() => parseTriggerArgs(['--env', 'dev', '--bogus'], noEnv)).toThrow(/Unknown option '--bogus'/);
  });

  it('--local needs no environment and passes --source/--lake/--from through', () => {
    expect(parseTriggerArgs(['--local', '--source', 'sample-data/house-fd/source', '--lake', '/tmp/lake'], noEnv)).toEqual({
      mode: 'local',
      pipeline: 'house_fd_pipeline',
      passThrough: ['--source', 'sample-data/house-fd/source', '--lake', '/tmp/lake'],
    });
  });

  it('the local run uses the pnpm the repository pins', () => {
    const { command, args } = localCommand('house_fd_pipeline', ['--lake', '.lake']);
    expect(command).toBe('npx');
    expect(args).toEqual(['-y', expect.stringMatching(/^pnpm@\d+\.\d+\.\d+$/), 'lake', 'run', 'house_fd_pipeline', '--lake', '.lake']);
  });

  it('reads project = "…" from the environment\'s infra/envs/<env>.tfvars', () => {
    const repo = mkdtempSync(join(tmpdir(), 'trigger-'));
    try {
      mkdirSync(join(repo, 'infra', 'envs'), { recursive: true });
      writeFileSync(join(repo, 'infra', 'envs', 'staging.tfvars'), 'environment = "staging"\nproject     = "acme-lake"\n');
      expect(parseTriggerArgs(['--env', 'staging'], noEnv, repo)).toMatchObject({ project: 'acme-lake' });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('finding the state machine', () => {
  const base = { env: 'dev' as const, pipeline: 'house_fd_pipeline', project: 'medallion' };

  it('uses a given ARN without asking terraform or AWS', async () => {
    const tf = fakeTerraform({});
    const r = await resolveStateMachineArn(
      { ...base, stateMachineArn: ARN },
      {
        sfn: () => {
          throw new Error('no client');
        },
        run: tf.run,
      },
    );
    expect(r).toEqual({ arn: ARN, source: 'given' });
    expect(tf.calls).toEqual([]);
  });

  it("reads state_machine_arns from terraform output of the one root, in the environment's TF_DATA_DIR", async () => {
    const tf = fakeTerraform(outputs({ state_machine_arns: { house_fd_pipeline: ARN } }));
    const r = await resolveStateMachineArn(base, {
      sfn: () => {
        throw new Error('no client');
      },
      run: tf.run,
    });
    expect(r).toEqual({ arn: ARN, source: 'terraform output of dev (infra/envs)' });
    expect(tf.calls).toEqual([['terraform', '-chdir=infra/envs', 'output', '-json', '-no-color']]);
    expect(tf.envs[0].TF_DATA_DIR).toMatch(/infra\/envs\/\.terraform-dev$/);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('falls back to ListStateMachines by the Terraform name, across pages, when terraform is missing', async () => {
    sfnMock
      .on(ListStateMachinesCommand)
      .resolvesOnce({
        stateMachines: [{ name: 'medallion-prod-house-fd-pipeline', stateMachineArn: ARN.replace(/dev/g, 'prod'), type: 'STANDARD', creationDate: new Date() }],
        nextToken: 'page2',
      })
      .resolvesOnce({ stateMachines: [{ name: 'medallion-dev-house-fd-pipeline', stateMachineArn: ARN, type: 'STANDARD', creationDate: new Date() }] });
    const logs: string[] = [];
    const r = await resolveStateMachineArn(base, {
      sfn: () => new SFNClient({ region: 'us-east-1' }),
      run: fakeTerraform('missing').run,
      log: (l) => logs.push(l),
    });
    expect(r).toEqual({ arn: ARN, source: 'ListStateMachines (name medallion-dev-house-fd-pipeline)' });
    expect(sfnMock.commandCalls(ListStateMachinesCommand).map((c) => c.args[0].input.nextToken)).toEqual([undefined, 'page2']);
    expect(logs.join('\n')).toMatch(/terraform is not on PATH/);
  });

  it('falls back when terraform has no state for the environment', async () => {
    sfnMock
      .on(ListStateMachinesCommand)
      .resolves({ stateMachines: [{ name: 'medallion-dev-house-fd-pipeline', stateMachineArn: ARN, type: 'STANDARD', creationDate: new Date() }] });
    const logs: string[] = [];
    const tf = fakeTerraform({ status: 1, stderr: 'Error: Backend initialization required, please run "terraform init"' });
    const r = await resolveStateMachineArn(base, { sfn: () => new SFNClient({ region: 'us-east-1' }), run: tf.run, log: (l) => logs.push(l) });
    expect(r.arn).toBe(ARN);
    expect(logs.join('\n')).toMatch(/terraform output failed for dev in infra\/envs .*Backend initialization required/);
  });

  it('says what to do when nothing is deployed', async () => {
    sfnMock.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
    await expect(resolveStateMachineArn(base, { sfn: () => new SFNClient({ region: 'eu-west-1' }), run: fakeTerraform('missing').run })).rejects.toThrow(
      'no state machine named medallion-dev-house-fd-pipeline in eu-west-1: deploy it with make deploy ENV=dev, or pass --state-machine-arn',
    );
  });

  it('does not trust a terraform output that is not a state machine ARN', async () => {
    sfnMock
      .on(ListStateMachinesCommand)
      .resolves({ stateMachines: [{ name: 'medallion-dev-house-fd-pipeline', stateMachineArn: ARN, type: 'STANDARD', creationDate: new Date() }] });
    const logs: string[] = [];
    const tf = fakeTerraform(outputs({ state_machine_arns: { house_fd_pipeline: 'not-an-arn' } }));
    const r = await resolveStateMachineArn(base, { sfn: () => new SFNClient({ region: 'us-east-1' }), run: tf.run, log: (l) => logs.push(l) });
    expect(r.source).toMatch(/ListStateMachines/);
    expect(logs.join('\n')).toMatch(/is not a state machine ARN/);
  });
});

describe('waiting for an execution', () => {
  const EXEC = 'arn:aws:states:us-east-1:111122223333:execution:medallion-dev-house-fd-pipeline:run-1';

  it('polls DescribeExecution until it leaves RUNNING', async () => {
    sfnMock
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: ARN, startDate: new Date() })
      .resolvesOnce({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: ARN, startDate: new Date() })
      .resolvesOnce({
        status: 'FAILED',
        executionArn: EXEC,
        stateMachineArn: ARN,
        startDate: new Date(),
        error: 'QualityGateFailed',
        cause: 'A SodaCL check failed',
      });
    const slept: number[] = [];
    const d = await waitForExecution(new SFNClient({ region: 'us-east-1' }), EXEC, {
      pollMs: 5000,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('QualityGateFailed');
    expect(slept).toEqual([5000, 5000]);
  });

  it('gives up after maxPolls', async () => {
    sfnMock.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', executionArn: EXEC, stateMachineArn: ARN, startDate: new Date() });
    await expect(waitForExecution(new SFNClient({ region: 'us-east-1' }), EXEC, { pollMs: 1, sleep: async () => undefined, maxPolls: 3 })).rejects.toThrow(
      /still running after 3 polls/,
    );
  });
});
