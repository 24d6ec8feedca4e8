/**
 * Faults injected with aws-sdk-client-mock in front of a real dynalite: the document client's send is stubbed,
 * and every command passes through to dynalite (the original send) except the calls a test makes throttle,
 * time out (after the write landed: the response is lost) or come back with UnprocessedItems. Each test ends
 * by checking the state in DynamoDB.
 */
import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  batchWriteWithRetry,
  claimFiles,
  finishManifest,
  getManifest,
  listPendingFiles,
  markProcessed,
  registerFile,
  UnprocessedItemsError,
  type TrackingDeps,
} from '../src';
import { FIXED_NOW, fastRetry, files, item } from './helpers';

let dynamo: LocalDynamo;
let real: DynamoDBClient;
let mock: AwsClientStub<DynamoDBDocumentClient>;
let deps: TrackingDeps;
let seq = 0;

const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} });
const timeout = () => Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
const originalSend = DynamoDBDocumentClient.prototype.send;
type AnyCommand = typeof PutCommand | typeof UpdateCommand | typeof GetCommand | typeof QueryCommand | typeof BatchWriteCommand;
const commands: AnyCommand[] = [PutCommand, UpdateCommand, GetCommand, QueryCommand, BatchWriteCommand];
/** Send for real (to dynalite), bypassing the stub. */
// biome-ignore lint/suspicious/noExplicitAny: the stub hands us untyped input for whichever command it matched
const passThrough = (C: AnyCommand, input: any, getClient: () => unknown) => (originalSend as any).call(getClient(), new C(input));

/** Faults for the next calls of C: call counts start again here (sinon counts `…Once` from the stub's first call). */
const inject = (C: AnyCommand) => {
  mock.resetHistory();
  // biome-ignore lint/suspicious/noExplicitAny: the command class selects the stub
  return mock.on(C as any);
};

/** Behaviour after a test's one-off faults: through to dynalite (a new `mock.on(C)` replaces the default one). */
const pass = (C: AnyCommand) => (input: unknown, getClient: () => unknown) => passThrough(C, input, getClient);

beforeAll(async () => {
  dynamo = await testLocalDynamo('ftfault');
  real = dynamo.client;
  mock = mockClient(DynamoDBDocumentClient);
});
afterAll(async () => {
  mock.restore();
  await dynamo.stop();
});

beforeEach(async () => {
  mock.reset();
  // biome-ignore lint/suspicious/noExplicitAny: one pass-through for every command class
  for (const C of commands) mock.on(C as any).callsFake(pass(C));
  const own = await testLocalDynamo(`ftfault${++seq}`);
  deps = {
    client: real,
    table: own.tables.file_tracking,
    manifestsTable: own.tables.ndjson_manifests,
    shards: 4,
    ttlDays: 30,
    now: () => FIXED_NOW,
    retry: fastRetry,
  };
});

/** The write reaches DynamoDB, then the caller sees a timeout (the response was lost). */
const landsThenTimesOut = (C: AnyCommand) => async (input: unknown, getClient: () => unknown) => {
  await passThrough(C, input, getClient);
  throw timeout();
};

describe('throttling and timeouts end in the right state', () => {
  it('registers a file through two throttled attempts, once', async () => {
    const [f] = files(1);
    inject(PutCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).callsFake(pass(PutCommand));
    expect(await registerFile(deps, f)).toBe('registered');
    expect(await item(real, deps.table, f)).toMatchObject({ status: 'pending' });
    expect(mock.commandCalls(PutCommand)).toHaveLength(3);
  });

  it('keeps a claim whose response timed out after it landed (the retry reads its own write back)', async () => {
    const all = files(3);
    for (const f of all) await registerFile(deps, f);
    inject(UpdateCommand).callsFakeOnce(landsThenTimesOut(UpdateCommand)).callsFake(pass(UpdateCommand));
    expect(await claimFiles(deps, all, 'm-timeout')).toEqual(all);
    // 3 claims + the retry of the one that timed out; every candidate claimed, so the manifest is not rewritten.
    expect(mock.commandCalls(UpdateCommand)).toHaveLength(4);
    for (const f of all) expect(await item(real, deps.table, f)).toMatchObject({ status: 'manifested', manifest_id: 'm-timeout' });
    expect((await getManifest(deps, 'm-timeout'))?.files).toEqual(all);
  });

  it('marks processed through a timeout after the write and a throttle', async () => {
    const all = files(2);
    for (const f of all) await registerFile(deps, f);
    await claimFiles(deps, all, 'm-p');
    inject(UpdateCommand).callsFakeOnce(landsThenTimesOut(UpdateCommand)).rejectsOnce(throttled()).callsFake(pass(UpdateCommand));
    expect(await markProcessed(deps, all, 'm-p')).toEqual(all);
    expect(mock.commandCalls(UpdateCommand)).toHaveLength(4); // 2 files, 2 faults retried
    for (const f of all) expect(await item(real, deps.table, f)).toMatchObject({ status: 'processed', ttl: FIXED_NOW.getTime() / 1000 + 30 * 86400 });
  });

  it('gives every file back and releases the manifest when throttling outlasts the retries mid-claim', async () => {
    const all = files(4);
    for (const f of all) await registerFile(deps, f);
    // The first claim lands; every later claim attempt of the batch is throttled until retries run out.
    inject(UpdateCommand)
      .callsFakeOnce((input, getClient) => passThrough(UpdateCommand, input, getClient))
      .callsFake((input: { UpdateExpression?: string }, getClient) =>
        input.UpdateExpression?.includes('manifested, manifest_id') ? Promise.reject(throttled()) : passThrough(UpdateCommand, input, getClient),
      );
    await expect(claimFiles({ ...deps, concurrency: 1 }, all, 'm-throttled')).rejects.toThrow(/exceeds the allowed throughput/);
    for (const f of all) expect(await item(real, deps.table, f)).toMatchObject({ status: 'pending' });
    expect(await listPendingFiles(deps, { limit: 10 })).toHaveLength(4);
    expect(await getManifest(deps, 'm-throttled')).toMatchObject({ status: 'released' });
  });

  it('lists pending files through a throttled Query', async () => {
    for (const f of files(3)) await registerFile(deps, f);
    inject(QueryCommand).rejectsOnce(throttled()).callsFake(pass(QueryCommand));
    expect(await listPendingFiles(deps, { limit: 10 })).toHaveLength(3);
  });

  it('finishes a manifest whose first finish timed out after landing', async () => {
    await claimFiles(deps, [], 'm-empty'); // nothing claimed: released at once
    const { createManifest } = await import('../src');
    await createManifest(deps, { manifestId: 'm-f', files: files(1) });
    inject(UpdateCommand).callsFakeOnce(landsThenTimesOut(UpdateCommand)).callsFake(pass(UpdateCommand));
    expect(await finishManifest(deps, 'm-f', 'succeeded')).toBe('already');
    expect(mock.commandCalls(UpdateCommand)).toHaveLength(2);
    const raw = (
      await DynamoDBDocumentClient.from(real).send(new GetCommand({ TableName: deps.manifestsTable, Key: { manifest_id: 'm-f' }, ConsistentRead: true }))
    ).Item;
    expect(raw).toMatchObject({ status: 'succeeded', ttl: FIXED_NOW.getTime() / 1000 + 30 * 86400 });
    expect(raw?.gsi_open).toBeUndefined();
    expect(await getManifest(deps, 'm-empty')).toMatchObject({ status: 'released' });
  });

  it('gives up with the error after maxAttempts and does not retry what is not retryable', async () => {
    const [f] = files(1);
    inject(PutCommand).rejects(throttled());
    await expect(registerFile(deps, f)).rejects.toThrow(ProvisionedThroughputExceededException);
    expect(mock.commandCalls(PutCommand)).toHaveLength(4);
    inject(PutCommand).rejects(Object.assign(new Error('bad'), { name: 'ValidationException' }));
    await expect(registerFile(deps, f)).rejects.toThrow('bad');
    expect(mock.commandCalls(PutCommand)).toHaveLength(1);
  });
});

describe('batchWriteWithRetry', () => {
  const puts = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ PutRequest: { Item: { date_prefix: '2025-03-01', file_key: `2025-03-01/b-${i}.ndjson`, size: i } } }));

  it('writes 60 items in chunks of 25, resending UnprocessedItems and a throttled call', async () => {
    let firstCall = true;
    inject(BatchWriteCommand)
      .rejectsOnce(throttled())
      .callsFake(async (input: { RequestItems: Record<string, unknown[]> }, getClient) => {
        const [table, requests] = Object.entries(input.RequestItems)[0];
        if (!firstCall) return passThrough(BatchWriteCommand, input, getClient);
        // The first answered call writes 10 of its items and hands back the rest, as a throttled partition does.
        firstCall = false;
        await passThrough(BatchWriteCommand, { RequestItems: { [table]: requests.slice(0, 10) } }, getClient);
        return { UnprocessedItems: { [table]: requests.slice(10) } };
      });
    const result = await batchWriteWithRetry(real, deps.table, puts(60), fastRetry);
    expect(result).toEqual({ written: 60, requests: 5 }); // 1 throttled + 3 chunks + 1 resend
    for (let i = 0; i < 60; i++)
      expect(await item(real, deps.table, { date_prefix: '2025-03-01', file_key: `2025-03-01/b-${i}.ndjson`, size: 0, etag: '' })).toBeDefined();
  });

  it('throws UnprocessedItemsError with the count when items stay unprocessed', async () => {
    inject(BatchWriteCommand).callsFake(async (input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems }));
    await expect(batchWriteWithRetry(real, deps.table, puts(30), { ...fastRetry, maxAttempts: 3 })).rejects.toThrow(UnprocessedItemsError);
    await expect(batchWriteWithRetry(real, deps.table, puts(30), { ...fastRetry, maxAttempts: 3 })).rejects.toThrow(/left 30 item/);
  });
});
