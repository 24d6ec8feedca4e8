import { mockClient } from 'aws-sdk-client-mock';
import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeDispatcher, stepFunctionsDispatcher } from '../src/dispatcher';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:ndjson_parquet_pipeline';
const manifest = { manifest_id: 'm-1', bytes: 1, files: [] };

describe('dispatchers', () => {
  it('names the execution by manifest id and takes ExecutionAlreadyExists as success', async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).rejectsOnce(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const d = stepFunctionsDispatcher(new SFNClient({ region: 'us-east-1' }), ARN);
    await expect(d.dispatch(manifest)).resolves.toEqual({ outcome: 'already-started', executionArn: `${ARN.replace(':stateMachine:', ':execution:')}:m-1` });
    expect(sfn.commandCalls(StartExecutionCommand)[0].args[0].input).toMatchObject({ name: 'm-1', input: JSON.stringify(manifest) });
    sfn.on(DescribeExecutionCommand).rejects(new ExecutionDoesNotExist({ message: 'none', $metadata: {} }));
    await expect(d.executionStatus('m-1')).resolves.toBe('NOT_FOUND'); // never started
    sfn.restore();
  });

  it('rethrows other StartExecution errors (the breaker counts them)', async () => {
    const sfn = mockClient(SFNClient);
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    await expect(stepFunctionsDispatcher(new SFNClient({ region: 'us-east-1' }), ARN).dispatch(manifest)).rejects.toThrow('down');
    sfn.restore();
  });

  it('announces ManifestReady on EventBridge and fails on a rejected entry', async () => {
    const eb = mockClient(EventBridgeClient);
    eb.on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 0 })
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });
    const d = eventBridgeDispatcher(new EventBridgeClient({ region: 'us-east-1' }), 'bus');
    await expect(d.dispatch(manifest)).resolves.toEqual({ outcome: 'announced' });
    expect(eb.commandCalls(PutEventsCommand)[0].args[0].input.Entries?.[0]).toMatchObject({
      DetailType: 'ManifestReady',
      Source: 'medallion.ndjson',
      EventBusName: 'bus',
    });
    await expect(d.dispatch(manifest)).rejects.toThrow('ThrottlingException');
    eb.restore();
  });
});
