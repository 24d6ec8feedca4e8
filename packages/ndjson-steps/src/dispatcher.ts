import { DescribeExecutionCommand, ExecutionDoesNotExist, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Dispatcher, KeyedManifest, Manifest } from './ports';

/** The execution ARN Step Functions gives an execution of `stateMachineArn` named `name`. */
export const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Start the state machine with the manifest id as the execution name: Step Functions refuses a
 * second execution of that name, so a retried dispatch cannot convert a manifest twice
 * (ExecutionAlreadyExists is success).
 */
export function stepFunctionsDispatcher(sfn: SFNClient, stateMachineArn: string): Dispatcher {
  return {
    async dispatch(manifest: Manifest | KeyedManifest) {
      try {
        const res = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: manifest.manifest_id, input: JSON.stringify(manifest) }));
        return { outcome: 'started', executionArn: res.executionArn };
      } catch (err) {
        if ((err as Error).name === 'ExecutionAlreadyExists')
          return { outcome: 'already-started', executionArn: executionArnOf(stateMachineArn, manifest.manifest_id) };
        throw err;
      }
    },
    async executionStatus(manifestId) {
      try {
        const res = await sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(stateMachineArn, manifestId) }));
        return res.status ?? 'UNKNOWN';
      } catch (err) {
        // Named by manifest id: no such execution means it was never started.
        if (err instanceof ExecutionDoesNotExist || (err as Error).name === 'ExecutionDoesNotExist') return 'NOT_FOUND';
        throw err;
      }
    },
  };
}

/** Announce the manifest as an EventBridge `ManifestReady` event (source medallion.ndjson) for another consumer. */
export function eventBridgeDispatcher(events: EventBridgeClient, eventBusName: string): Dispatcher {
  return {
    async dispatch(manifest: Manifest | KeyedManifest) {
      const res = await events.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: eventBusName, Source: 'medallion.ndjson', DetailType: 'ManifestReady', Detail: JSON.stringify(manifest) }],
        }),
      );
      if (res.FailedEntryCount) throw new Error(`PutEvents rejected ManifestReady: ${res.Entries?.[0]?.ErrorCode ?? 'unknown error'}`);
      return { outcome: 'announced' };
    },
    async executionStatus() {
      return 'UNKNOWN';
    },
  };
}
