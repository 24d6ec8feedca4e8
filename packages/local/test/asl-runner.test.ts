import { runStateMachine, createOutbox, startLocalDynamo } from '../src';
import { validateStateMachine } from '../src/validate';

const definition = {
  Comment: 'tiny pipeline',
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${fn_work}', 'Payload.$': '$' },
      ResultSelector: { 'Payload.$': '$.Payload' },
      ResultPath: '$.work',
      TimeoutSeconds: 5,
      Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Alert' }],
      Next: 'Done',
    },
    Alert: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: '${alerts_topic_arn}', 'Message.$': '$.error' },
      TimeoutSeconds: 5,
      Next: 'Failed',
    },
    Failed: { Type: 'Fail', Error: 'PipelineFailed' },
    Done: { Type: 'Succeed' },
  },
};

describe('runStateMachine', () => {
  it('validates with asl-validator', () => {
    expect(validateStateMachine(definition)).toEqual({ isValid: true, errors: [] });
  });

  it('runs Lambda tasks through the local handler with the Lambda invoke envelope', async () => {
    const outbox = createOutbox();
    const res = await runStateMachine({
      definition,
      outbox,
      input: { n: 2 },
      placeholders: { alerts_topic_arn: 'arn:local:alerts' },
      functions: { fn_work: async (e) => ({ doubled: (e as { n: number }).n * 2 }) },
    });
    expect(res.status).toBe('SUCCEEDED');
    expect(res.output).toEqual({ n: 2, work: { Payload: { doubled: 4 } } });
    expect(res.path).toEqual(['Work', 'Done']);
    expect(outbox.messages()).toHaveLength(0);
  });

  it('keeps the error name for Retry/Catch, retries, then takes the alert path', async () => {
    const outbox = createOutbox();
    let calls = 0;
    const res = await runStateMachine({
      definition,
      outbox,
      input: {},
      fastRetries: true,
      placeholders: { alerts_topic_arn: 'arn:local:alerts' },
      functions: {
        fn_work: async () => {
          calls++;
          const e = new Error('flaky');
          e.name = 'Transient';
          throw e;
        },
      },
    });
    expect(calls).toBe(3);
    expect(res.status).toBe('FAILED');
    expect(res.error).toBe('PipelineFailed');
    expect(res.path).toEqual(['Work', 'Alert', 'Failed']);
    const [msg] = outbox.messages();
    expect(msg).toMatchObject({ channel: 'sns', target: 'arn:local:alerts', message: { Error: 'Transient' } });
  });

  it('refuses a placeholder that has no value', async () => {
    await expect(runStateMachine({ definition, outbox: createOutbox(), input: {}, functions: { fn_work: async () => 1 } })).rejects.toThrow(/alerts_topic_arn/);
  });
});

describe('startLocalDynamo', () => {
  it('starts dynalite and creates the tables from the shared definition', async () => {
    const dynamo = await startLocalDynamo({ tablePrefix: 't' });
    expect(dynamo.tables.watermarks).toBe('t-watermarks');
    await dynamo.stop();
  });
});
