import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TrackingDeps } from './types';

/** The document client over the caller's client (cheap: it shares the client's connections and config). */
export const docOf = (deps: Pick<TrackingDeps, 'client'>) => DynamoDBDocumentClient.from(deps.client, { marshallOptions: { removeUndefinedValues: true } });

/** A failed ConditionExpression: the item was not in the state the write required. */
export const isConditionalFailure = (err: unknown) => (err as Error | undefined)?.name === 'ConditionalCheckFailedException';
