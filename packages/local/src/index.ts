export { startLocalDynamo, localDynamoClient, type LocalDynamo, type LocalDynamoOptions } from './dynalite';
export { createOutbox, type Outbox, type OutboxMessage } from './outbox';
export { runStateMachine, fillPlaceholders, collectStates, type LocalHandler, type LocalLambdaContext, type RunResult, type RunStateMachineOptions, type StateEvent } from './asl-runner';
export { validateStateMachine } from './validate';
export { startLocalS3, type LocalS3 } from './s3rver';
