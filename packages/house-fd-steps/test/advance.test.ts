import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalDynamo, type LocalDynamo } from '@medallion/local';
import { getWatermark, WatermarkConflictError } from '@medallion/watermarks';
import type { Batch } from '../src/batch';
import type { StepDeps } from '../src/config';
import { advanceHouseFdWatermark } from '../src/index';

let dynamo: LocalDynamo;
let deps: StepDeps;
beforeAll(async () => {
  dynamo = await startLocalDynamo({ tablePrefix: 'adv' });
  deps = { dynamo: dynamo.client, watermarkTable: dynamo.tables.watermarks, watermarkId: 'house_fd' } as unknown as StepDeps;
});
afterAll(async () => {
  await dynamo.stop();
});

const batch: Batch = { seq: 1, fromSeq: 0, ts: '2025-12-31T12:00:00.000Z', years: [2025], fingerprints: { 2025: '"etag-1"' } };
const RUN = 'arn:aws:states:us-east-1:123456789012:execution:house_fd_pipeline:run-1';

describe('AdvanceWatermark', () => {
  it('succeeds again when retried after its own successful write; another run still gets WatermarkConflict', async () => {
    const first = await advanceHouseFdWatermark(deps, batch, undefined, RUN);
    expect(first.seq).toBe(1);
    // Step Functions retries the task (the response was lost, or the task timed out after the write).
    const retried = await advanceHouseFdWatermark(deps, batch, undefined, RUN);
    expect(retried).toEqual(first);
    expect(await getWatermark(deps.dynamo, deps.watermarkTable, 'house_fd')).toMatchObject({ seq: 1, runId: RUN });

    await expect(advanceHouseFdWatermark(deps, batch, undefined, `${RUN}-other`)).rejects.toBeInstanceOf(WatermarkConflictError);
    await expect(advanceHouseFdWatermark(deps, batch)).rejects.toBeInstanceOf(WatermarkConflictError); // no run id: no claim
    // Our own run id does not let us move a watermark that has gone further since.
    await advanceHouseFdWatermark(deps, { ...batch, seq: 2, fromSeq: 1 }, undefined, 'run-2');
    await expect(advanceHouseFdWatermark(deps, batch, undefined, RUN)).rejects.toBeInstanceOf(WatermarkConflictError);
  });
});
