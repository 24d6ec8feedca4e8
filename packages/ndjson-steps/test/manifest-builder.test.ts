import { handleS3EventBatch, selectManifest, type BuilderDeps } from '../src/manifest-builder';
import { recoverOrphans } from '../src/orphans';
import { compensate, updateStatus } from '../src/status';
import type { Dispatcher, Manifest, ResiliencePolicy } from '../src/ports';
import { closeTrackingTables, dynamoTracking } from './dynamo-tracking';
import { sqsEventFor } from './events';

const keys = (n: number, day = '2026-12-01') => Array.from({ length: n }, (_, i) => ({ key: `${day}/part-${String(i).padStart(4, '0')}.ndjson`, size: 100 }));

/** Records every manifest started; a second start of the same name is ExecutionAlreadyExists, as in Step Functions. */
function recordingDispatcher() {
  const started = new Map<string, Manifest>();
  let down = false;
  const dispatcher: Dispatcher = {
    async dispatch(m) {
      if (down) throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
      if (started.has(m.manifest_id)) return { outcome: 'already-started' };
      // These builders have no lake: every manifest travels inline.
      if (!('files' in m)) throw new Error('expected an inline manifest');
      started.set(m.manifest_id, m);
      return { outcome: 'started', executionArn: `arn:local:execution:${m.manifest_id}` };
    },
    async executionStatus(id) {
      return started.has(id) ? 'RUNNING' : 'UNKNOWN';
    },
  };
  return { dispatcher, started, setDown: (v: boolean) => (down = v) };
}

const passThrough: ResiliencePolicy = { execute: (fn) => fn() };
const limits = { maxFiles: 10, maxBytes: 1_000_000, maxWaitS: 60 };

afterAll(() => closeTrackingTables());

async function deps(over: Partial<BuilderDeps> = {}) {
  const mem = await dynamoTracking(over.now);
  const d = recordingDispatcher();
  return { mem, d, deps: { tracking: mem.tracking, dispatcher: d.dispatcher, policy: passThrough, limits, ...over } as BuilderDeps };
}

/** Every file key of the run, with how many started manifests hold it. */
function manifestCounts(started: Map<string, Manifest>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of started.values()) for (const f of m.files) counts.set(f.file_key, (counts.get(f.file_key) ?? 0) + 1);
  return counts;
}

describe('selectManifest', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const pending = (n: number, size: number, at = '2026-12-01T11:59:50Z') =>
    Array.from({ length: n }, (_, i) => ({ date_prefix: '2026-12-01', file_key: `2026-12-01/f${i}.ndjson`, size, etag: 'e', registered_at: at }));

  it('waits while under every limit', () => expect(selectManifest(pending(3, 10), limits, now)).toEqual([]));
  it('closes at max files, taking exactly max files', () => expect(selectManifest(pending(25, 10), limits, now)).toHaveLength(10));
  it('closes at max bytes without exceeding them', () => expect(selectManifest(pending(5, 400_000), limits, now)).toHaveLength(2));
  it('closes at max wait', () => expect(selectManifest(pending(3, 10, '2026-12-01T11:58:00Z'), limits, now)).toHaveLength(3));
  it('takes one file larger than max bytes on its own', () => expect(selectManifest(pending(1, 5_000_000), limits, now)).toHaveLength(1));
});

describe('manifest builder', () => {
  it('registers every file once and manifests it once when every S3 event is delivered 3 times', async () => {
    const { mem, d, deps: builder } = await deps();
    const files = keys(30);
    for (let round = 0; round < 3; round++) {
      const res = await handleS3EventBatch(builder, sqsEventFor(files));
      expect(res.batchItemFailures).toEqual([]);
    }
    const counts = manifestCounts(d.started);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...(await mem.files()).values()].every((s) => s === 'manifested')).toBe(true);
  });

  it('skips keys outside <date>/<name>.ndjson[.gz] without failing the record', async () => {
    const { mem, deps: builder } = await deps();
    const res = await handleS3EventBatch(
      builder,
      sqsEventFor([
        { key: 'not-a-date/x.ndjson', size: 1 },
        { key: '2026-12-01/ok.ndjson.gz', size: 1 },
      ]),
    );
    expect(res).toMatchObject({ batchItemFailures: [], registered: 1, skipped: 1 });
    expect([...(await mem.files()).keys()]).toEqual(['2026-12-01/ok.ndjson.gz']);
  });

  it('returns only the record that failed to register as a batch item failure', async () => {
    const { mem, deps: builder } = await deps();
    const register = mem.tracking.registerFile;
    mem.tracking.registerFile = async (f) => {
      if (f.file_key.endsWith('0001.ndjson')) throw Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
      return register(f);
    };
    const event = sqsEventFor(keys(3));
    const res = await handleS3EventBatch(builder, event);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1].messageId }]);
    expect((await mem.files()).size).toBe(2);
  });

  it('when StartExecution fails, releases the claimed files and fails the batch; the redelivery starts the manifest', async () => {
    const { mem, d, deps: builder } = await deps();
    d.setDown(true);
    const event = sqsEventFor(keys(10));
    const res = await handleS3EventBatch(builder, event);
    expect(res.batchItemFailures).toHaveLength(10);
    expect(res.dispatchError).toMatch(/ServiceUnavailable/);
    expect([...(await mem.files()).values()].every((s) => s === 'pending')).toBe(true);
    expect([...(await mem.manifests()).values()]).toEqual(['released']);

    d.setDown(false);
    const again = await handleS3EventBatch(builder, event);
    expect(again).toMatchObject({ batchItemFailures: [], registered: 0, duplicates: 10 });
    expect(manifestCounts(d.started).size).toBe(10);
  });

  it('two builders racing over the same pending files never put a file in two manifests', async () => {
    const { mem, d, deps: a } = await deps();
    const b: BuilderDeps = { ...a, tracking: mem.tracking };
    // Both see the same pending files, then claim: interleave them at the listing step.
    const list = mem.tracking.listPendingFiles;
    let gate: () => void = () => undefined;
    const bothListed = new Promise<void>((r) => (gate = r));
    let listed = 0;
    mem.tracking.listPendingFiles = async (o) => {
      const got = await list(o);
      if (++listed === 2) gate();
      if (listed <= 2) await bothListed;
      return got;
    };
    for (const f of keys(10)) await mem.tracking.registerFile({ date_prefix: '2026-12-01', file_key: f.key, size: f.size, etag: 'e' });
    await Promise.all([handleS3EventBatch(a, { Records: [] }), handleS3EventBatch(b, { Records: [] })]);
    const counts = manifestCounts(d.started);
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect([...(await mem.manifests()).values()].filter((s) => s === 'released')).toHaveLength(1);
  });
});

describe('status, compensation and orphan recovery', () => {
  it('a crash between claiming and starting leaves a claimed manifest that recovery releases and re-drives', async () => {
    let clock = new Date('2026-12-01T12:00:00Z');
    const { mem, d, deps: builder } = await deps({ now: () => clock });
    const crash = async () => {
      throw Object.assign(new Error('Lambda container killed'), { name: 'Crash' });
    };
    // The container dies after the claim: neither the start nor the release happens.
    const crashing: BuilderDeps = { ...builder, dispatcher: { ...d.dispatcher, dispatch: crash }, tracking: { ...mem.tracking, releaseFiles: crash } };
    const res = await handleS3EventBatch(crashing, sqsEventFor(keys(10)));
    expect(res.dispatchError).toMatch(/Crash/);
    expect([...(await mem.files()).values()].every((s) => s === 'manifested')).toBe(true);
    expect(d.started.size).toBe(0);

    clock = new Date('2026-12-01T13:00:00Z');
    const report = await recoverOrphans(builder, { olderThanS: 600, limit: 100 });
    expect(report).toMatchObject({ examined: 1, running: [], completed: [] });
    expect(report.released).toHaveLength(1);
    expect(report.redriven).toHaveLength(1);
    const counts = manifestCounts(d.started);
    expect(counts.size).toBe(10);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('recovery leaves a running execution alone and completes one that succeeded without its status update', async () => {
    let clock = new Date('2026-12-01T12:00:00Z');
    const { mem, d, deps: builder } = await deps({ now: () => clock });
    await handleS3EventBatch(builder, sqsEventFor(keys(20)));
    const [a, b] = [...d.started.keys()];
    builder.dispatcher = { ...d.dispatcher, executionStatus: async (id) => (id === a ? 'RUNNING' : 'SUCCEEDED') };
    clock = new Date('2026-12-01T13:00:00Z');
    const report = await recoverOrphans(builder, { olderThanS: 600, limit: 100 });
    expect(report).toMatchObject({ examined: 2, running: [a], completed: [b], released: [], redriven: [] });
    expect((await mem.manifests()).get(b)).toBe('succeeded');
  });

  it('compensation returns files to pending, a re-drive converts them, update status marks them processed', async () => {
    const { mem, d, deps: builder } = await deps();
    await handleS3EventBatch(builder, sqsEventFor(keys(10)));
    const [first] = [...d.started.values()];
    await compensate(mem.tracking, first);
    expect([...(await mem.files()).values()].every((s) => s === 'pending')).toBe(true);
    expect((await mem.manifests()).get(first.manifest_id)).toBe('failed');
    await compensate(mem.tracking, first); // idempotent

    await handleS3EventBatch(builder, { Records: [] });
    const second = [...d.started.values()][1];
    expect(second.files).toHaveLength(10);
    await updateStatus(mem.tracking, second);
    expect([...(await mem.files()).values()].every((s) => s === 'processed')).toBe(true);
    // The old manifest's late compensation cannot take the files back.
    await compensate(mem.tracking, first);
    expect([...(await mem.files()).values()].every((s) => s === 'processed')).toBe(true);
  });

  it('an execution that settles its manifest before the start is recorded is no error (a fast run)', async () => {
    const { mem, d, deps: builder } = await deps();
    // The dispatch returns only after the execution's UpdateStatus has finished the manifest.
    builder.dispatcher = {
      ...d.dispatcher,
      dispatch: async (m) => {
        const res = await d.dispatcher.dispatch(m);
        await updateStatus(mem.tracking, m);
        return res;
      },
    };
    const res = await handleS3EventBatch(builder, sqsEventFor(keys(10)));
    expect(res).toMatchObject({ batchItemFailures: [], manifests: [expect.any(String)] });
    expect([...(await mem.files()).values()].every((s) => s === 'processed')).toBe(true);
  });
});
