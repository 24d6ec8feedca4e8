export { startLocalDynamo, localDynamoClient, type LocalDynamo } from './dynalite';
export { createOutbox, type OutboxMessage } from './outbox';
export { runStateMachine, type LocalHandler, type StateEvent } from './asl-runner';
export { startLocalS3, type LocalS3 } from './s3rver';
export { testLocalDynamo } from './test-dynamo';
