import { type DynamoDBClient, UpdateItemCommand, PutItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Outbox } from './outbox';

interface Deps {
  outbox: Outbox;
  dynamo?: DynamoDBClient;
}

/**
 * Local stand-ins for Step Functions service integrations. SNS and EventBridge go to the outbox;
 * DynamoDB calls go to the real (local) DynamoDB wire API, with errors renamed the way Step
 * Functions names them ("DynamoDB.ConditionalCheckFailedException") so Catch clauses match.
 */
export function resolveServiceIntegration(stateName: string, resource: string, deps: Deps): (input: unknown) => Promise<unknown> {
  switch (resource) {
    case 'arn:aws:states:::sns:publish':
      return async (input) => {
        const p = input as { TopicArn: string; Subject?: string; Message: unknown };
        const m = deps.outbox.publish({ channel: 'sns', target: p.TopicArn, subject: p.Subject, message: p.Message });
        return { MessageId: `local-${m.at}` };
      };
    case 'arn:aws:states:::events:putEvents':
      return async (input) => {
        const p = input as { Entries: { EventBusName?: string; DetailType: string; Source: string; Detail: unknown }[] };
        for (const e of p.Entries)
          deps.outbox.publish({ channel: 'events', target: e.EventBusName ?? 'default', subject: `${e.Source}/${e.DetailType}`, message: e.Detail });
        return { FailedEntryCount: 0, Entries: p.Entries.map((_, i) => ({ EventId: `local-${i}` })) };
      };
    case 'arn:aws:states:::dynamodb:updateItem':
    case 'arn:aws:states:::dynamodb:putItem':
    case 'arn:aws:states:::dynamodb:getItem':
      return async (input) => {
        if (!deps.dynamo) throw new Error(`state ${stateName}: ${resource} needs a local DynamoDB`);
        const command = resource.endsWith('updateItem')
          ? new UpdateItemCommand(input as never)
          : resource.endsWith('putItem')
            ? new PutItemCommand(input as never)
            : new GetItemCommand(input as never);
        try {
          const out = await deps.dynamo.send(command as never);
          const { $metadata: _m, ...rest } = out as unknown as Record<string, unknown>;
          return rest;
        } catch (err) {
          const e = new Error((err as Error).message);
          e.name = `DynamoDB.${(err as Error).name}`;
          throw e;
        }
      };
    default:
      throw new Error(`state ${stateName}: no local emulation for resource ${resource}`);
  }
}
