/**
 * The local event path in miniature: objects "land" (S3 event notifications, plus the s3:TestEvent S3 sends once),
 * SQS carries them (local-aws-sqs, RedrivePolicy to a DLQ), a poller hands batches to an SQS-triggered handler, the
 * handler starts a state machine through the real @aws-sdk/client-sfn, and the ASL runs small objects in a "Lambda"
 * and big ones as a "Fargate task" (a child process).
 *   npx tsx --import ./scripts/polyfills.mjs packages/local/examples/s3-to-step-functions.ts
 */
import { createHash } from 'node:crypto';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  createOutbox,
  type LandedObject,
  type LocalEcsTask,
  type LocalSqs,
  type LocalStepFunctions,
  pollQueue,
  type SqsHandler,
  s3EventRecords,
  s3TestEventBody,
  startLocalSqs,
  startLocalStepFunctions,
} from '@medallion/local';

const definition = {
  StartAt: 'Route',
  States: {
    Route: { Type: 'Choice', Choices: [{ Variable: '$.size', NumericGreaterThan: 1000, Next: 'RunFargate' }], Default: 'Convert' },
    Convert: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: '${fn_convert}', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      TimeoutSeconds: 30,
      End: true,
    },
    RunFargate: {
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Parameters: {
        Cluster: 'local',
        TaskDefinition: '${ecs_task_definition_arn}',
        Overrides: { ContainerOverrides: [{ Name: 'convert', Environment: [{ Name: 'OBJECT_KEY', 'Value.$': '$.key' }] }] },
      },
      ResultSelector: { 'exitCode.$': '$.Tasks[0].Containers[0].ExitCode' },
      TimeoutSeconds: 60,
      End: true,
    },
  },
};

const converter: LocalEcsTask = { command: process.execPath, args: ['-e', 'console.log(`converting ${process.env.OBJECT_KEY} in a task`)'] };
const sqs: LocalSqs = await startLocalSqs();
const sfn: LocalStepFunctions = await startLocalStepFunctions({
  definitions: { pipeline: definition },
  functions: { fn_convert: async (event) => ({ converted: (event as { key: string }).key }) },
  placeholders: { ecs_task_definition_arn: 'local-convert' },
  ecsTasks: { 'local-convert': converter },
  outbox: createOutbox(),
});
const queue = await sqs.createQueue('input-events', { visibilityTimeoutSeconds: 5, maxReceiveCount: 3 });

const landed: LandedObject[] = [
  { key: '2024-05-01/small.ndjson', size: 120 },
  { key: '2024-05-01/big file.ndjson.gz', size: 5_000_000 },
];
const bodies = [s3TestEventBody('input'), ...s3EventRecords('input', landed), ...s3EventRecords('input', landed)]; // delivered twice
await sqs.client.send(new SendMessageBatchCommand({ QueueUrl: queue.queueUrl, Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: b })) }));

const handler: SqsHandler = async (event) => {
  for (const record of event.Records) {
    const body = JSON.parse(record.body) as { Event?: string; Records?: { s3: { object: { key: string; size: number } } }[] };
    if (body.Event === 's3:TestEvent') continue;
    for (const r of body.Records ?? []) {
      const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
      // The execution name is derived from the object, so a redelivered event cannot start a second execution.
      const name = createHash('sha256').update(key).digest('hex').slice(0, 32);
      const input = JSON.stringify({ key, size: r.s3.object.size });
      try {
        await sfn.client.send(new StartExecutionCommand({ stateMachineArn: sfn.stateMachineArns.pipeline, name, input }));
      } catch (err) {
        if ((err as Error).name !== 'ExecutionAlreadyExists') throw err;
      }
    }
  }
  return { batchItemFailures: [] };
};

console.log('poll:', await pollQueue({ client: sqs.client, queueUrl: queue.queueUrl, handler, batchSize: 10 }));
await sfn.idle();
for (const e of sfn.executions()) console.log(e.status, e.result?.path.join(' → '), JSON.stringify(e.result?.output));
await sfn.stop();
await sqs.stop();
