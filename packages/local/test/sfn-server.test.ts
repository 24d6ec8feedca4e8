import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createOutbox, type LocalStepFunctions, startLocalStepFunctions } from '../src';

const definition = {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${fn_work}', Payload: { 'n.$': '$.n', 'execution.$': '$$.Execution.Id', 'name.$': '$$.Execution.Name' } },
      OutputPath: '$.Payload',
      TimeoutSeconds: 5,
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

let release: () => void = () => undefined;
let gate = Promise.resolve();
let sfn: LocalStepFunctions;
const seen: unknown[] = [];

beforeAll(async () => {
  sfn = await startLocalStepFunctions({
    definitions: { pipeline: definition },
    outbox: createOutbox(),
    functions: {
      fn_work: async (event) => {
        seen.push(event);
        await gate;
        const e = event as { n: number };
        if (e.n < 0) throw Object.assign(new Error('negative'), { name: 'Negative' });
        return { ...e, doubled: e.n * 2 };
      },
    },
  });
});
afterAll(async () => {
  release();
  await sfn.stop();
});

const arn = () => sfn.stateMachineArns.pipeline;

describe('startLocalStepFunctions (real @aws-sdk/client-sfn against it)', () => {
  it('starts an execution that runs the ASL, and describes it with its output', async () => {
    const started = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-1', input: JSON.stringify({ n: 2 }) }));
    expect(started.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:pipeline:m-1');
    expect(started.startDate).toBeInstanceOf(Date);
    await sfn.idle();
    const d = await sfn.client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(d).toMatchObject({ status: 'SUCCEEDED', name: 'm-1', stateMachineArn: arn(), input: '{"n":2}' });
    expect(d.stopDate).toBeInstanceOf(Date);
    // The context object carries the ARN this endpoint answered with, as AWS's does.
    expect(JSON.parse(d.output as string)).toEqual({ n: 2, execution: started.executionArn, name: 'm-1', doubled: 4 });
  });

  it('answers ExecutionAlreadyExists for a finished execution name, whatever the input', async () => {
    await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-2', input: '{"n":1}' }));
    await sfn.idle();
    for (const input of ['{"n":1}', '{"n":9}'])
      await expect(sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-2', input }))).rejects.toMatchObject({
        name: 'ExecutionAlreadyExists',
        $metadata: { httpStatusCode: 400 },
      });
    expect(sfn.executions().filter((e) => e.name === 'm-2')).toHaveLength(1);
  });

  it('is idempotent for the same name and input while running; a different input is ExecutionAlreadyExists', async () => {
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const first = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-3', input: '{"n":3}' }));
    const again = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-3', input: '{"n":3}' }));
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-3', input: '{"n":4}' }))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
    });
    const running = await sfn.client.send(new DescribeExecutionCommand({ executionArn: first.executionArn }));
    expect(running.status).toBe('RUNNING');
    release();
    gate = Promise.resolve();
    await sfn.idle();
    expect(seen.filter((e) => (e as { name: string }).name === 'm-3')).toHaveLength(1);
  });

  it('reports a failed execution with error and cause, and lists executions newest first with a status filter', async () => {
    const failed = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-4', input: '{"n":-1}' }));
    await sfn.idle();
    const d = await sfn.client.send(new DescribeExecutionCommand({ executionArn: failed.executionArn }));
    expect(d).toMatchObject({ status: 'FAILED', error: 'Negative' });
    const all = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: arn() }));
    expect(all.executions?.map((e) => e.name)).toEqual(['m-4', 'm-3', 'm-2', 'm-1']);
    const failedOnly = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: arn(), statusFilter: 'FAILED' }));
    expect(failedOnly.executions?.map((e) => e.name)).toEqual(['m-4']);
    const page = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: arn(), maxResults: 3 }));
    expect(page.executions).toHaveLength(3);
    const rest = await sfn.client.send(new ListExecutionsCommand({ stateMachineArn: arn(), maxResults: 3, nextToken: page.nextToken }));
    expect(rest.executions?.map((e) => e.name)).toEqual(['m-1']);
    expect(rest.nextToken).toBeUndefined();
  });

  it('answers the API errors a client must handle', async () => {
    const start = (p: Record<string, string>) => sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), ...p }));
    await expect(start({ stateMachineArn: `${arn()}-nope` })).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(start({ name: 'has space' })).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(start({ name: 'bad-input', input: '{' })).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(sfn.client.send(new DescribeExecutionCommand({ executionArn: `${arn()}:missing` }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.client.send(new ListExecutionsCommand({ stateMachineArn: 'arn:nope' }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('gives each start without a name its own execution', async () => {
    const a = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), input: '{"n":5}' }));
    const b = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), input: '{"n":5}' }));
    expect(a.executionArn).not.toBe(b.executionArn);
    await sfn.idle();
  });

  it('answers 503 while an outage is injected, and serves again after it', async () => {
    sfn.setUnavailable(true);
    const err = await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-outage', input: '{"n":1}' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    sfn.setUnavailable(false);
    await sfn.client.send(new StartExecutionCommand({ stateMachineArn: arn(), name: 'm-outage', input: '{"n":1}' }));
    await sfn.idle();
    expect(sfn.executions().find((e) => e.name === 'm-outage')?.status).toBe('SUCCEEDED');
  });

  it('reports each Lambda task result with its execution', async () => {
    const results: string[] = [];
    const local = await startLocalStepFunctions({
      definitions: { pipeline: definition },
      outbox: createOutbox(),
      functions: { fn_work: async (e) => e },
      onTaskResult: (execution, r) => results.push(`${execution.split(':').pop()}/${r.state}/${r.function}`),
    });
    await local.client.send(new StartExecutionCommand({ stateMachineArn: local.stateMachineArns.pipeline, name: 'r-1', input: '{"n":1}' }));
    await local.stop();
    expect(results).toEqual(['r-1/Work/fn_work']);
  });
});
