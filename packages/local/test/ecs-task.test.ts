import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutbox, runStateMachine } from '../src';

const definition = {
  StartAt: 'RunFargate',
  States: {
    RunFargate: {
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Parameters: {
        Cluster: '${ecs_cluster_arn}',
        TaskDefinition: '${ecs_task_definition_arn}',
        LaunchType: 'FARGATE',
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-local'], AssignPublicIp: 'DISABLED' } },
        Overrides: {
          ContainerOverrides: [
            {
              Name: 'convert',
              Environment: [
                { Name: 'MANIFEST_ID', 'Value.$': '$.manifest_id' },
                { Name: 'EXIT_CODE', 'Value.$': '$.exit' },
              ],
            },
          ],
        },
      },
      ResultPath: '$.task',
      TimeoutSeconds: 30,
      Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Caught' }],
      Next: 'Done',
    },
    Caught: { Type: 'Pass', End: true },
    Done: { Type: 'Succeed' },
  },
};

// The "container": writes what it was given, says something on stderr, exits with the code it was told to.
const script = [
  "const fs = require('node:fs');",
  'fs.writeFileSync(process.env.OUT_FILE, JSON.stringify({ manifest: process.env.MANIFEST_ID, fixed: process.env.FIXED }));',
  "process.stderr.write('converter says bye\\n');",
  'process.exit(Number(process.env.EXIT_CODE));',
].join('\n');

function run(input: Record<string, string>, taskDefinition = 'td-convert') {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-task-'));
  const outFile = join(dir, 'out.json');
  const result = runStateMachine({
    definition,
    functions: {},
    outbox: createOutbox(),
    placeholders: { ecs_cluster_arn: 'arn:aws:ecs:local:000000000000:cluster/local', ecs_task_definition_arn: taskDefinition },
    ecsTasks: { 'td-convert': { command: process.execPath, args: ['-e', script], env: { OUT_FILE: outFile, FIXED: 'from-config' } } },
    input,
  });
  return { result, outFile };
}

describe('ecs:runTask.sync locally', () => {
  it('runs the configured command as a child process with the ContainerOverrides environment', async () => {
    const { result, outFile } = run({ manifest_id: 'm-42', exit: '0' });
    const res = await result;
    expect(res.path).toEqual(['RunFargate', 'Done']);
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual({ manifest: 'm-42', fixed: 'from-config' });
    const task = (res.output as { task: { Tasks: Record<string, unknown>[] } }).task.Tasks[0];
    expect(task).toMatchObject({ LastStatus: 'STOPPED', TaskDefinitionArn: 'td-convert', Containers: [{ Name: 'convert', ExitCode: 0 }] });
  });

  it('fails the Task with States.TaskFailed, the exit code and the output tail in the Cause, when the command exits non-zero', async () => {
    const { result } = run({ manifest_id: 'm-43', exit: '3' });
    const res = await result;
    expect(res.path).toEqual(['RunFargate', 'Caught']);
    const error = (res.output as { error: { Error: string; Cause: string } }).error;
    expect(error.Error).toBe('States.TaskFailed');
    const cause = JSON.parse(error.Cause);
    expect(cause.Tasks[0].Containers[0]).toMatchObject({ Name: 'convert', ExitCode: 3, Reason: 'converter says bye' });
  });

  it('refuses to run when a task definition has no local command (not a task failure a Catch would take)', async () => {
    await expect(run({ manifest_id: 'm-44', exit: '0' }, 'td-unknown').result).rejects.toThrow(
      'state RunFargate: no local command for task definition td-unknown',
    );
  });
});

describe('ecs:runTask.sync when the command cannot start', () => {
  it('fails the Task with the spawn error as the container reason', async () => {
    const res = await runStateMachine({
      definition,
      functions: {},
      outbox: createOutbox(),
      placeholders: { ecs_cluster_arn: 'local', ecs_task_definition_arn: 'td-missing-binary' },
      ecsTasks: { 'td-missing-binary': { command: join(tmpdir(), 'no-such-converter-binary') } },
      input: { manifest_id: 'm-45', exit: '0' },
    });
    expect(res.path).toEqual(['RunFargate', 'Caught']);
    const cause = JSON.parse((res.output as { error: { Cause: string } }).error.Cause);
    expect(cause.Tasks[0].Containers[0].Reason).toContain('ENOENT');
  });
});
