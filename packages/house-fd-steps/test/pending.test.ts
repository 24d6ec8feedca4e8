import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStore } from '@medallion/lake';
import type { Batch } from '../src/batch';
import type { StepDeps } from '../src/config';
import { clearPending, duePendingDocuments, markPending } from '../src/pending';

const doc = (docId: string) => ({
  docId,
  year: 2025,
  filingDate: '2025-01-17',
  bioguideId: null,
  filerName: 'A Filer',
  stateDistrict: 'CA11',
  isSynthetic: false,
});
const batch = (seq: number, ts: string): Batch => ({ seq, fromSeq: seq - 1, ts, years: [2025], fingerprints: {} });

describe('pending PTRs (listed in the index, PDF not published yet)', () => {
  it('are retried by later batches, keep their first date, and are given up with a record after 90 days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pending-'));
    const deps = { lake: localStore(dir) } as unknown as StepDeps;
    await markPending(deps, batch(1, '2025-01-01T00:00:00.000Z'), doc('20000001'));
    await markPending(deps, batch(1, '2025-01-01T00:00:00.000Z'), doc('20000002'));
    await markPending(deps, batch(2, '2025-02-01T00:00:00.000Z'), doc('20000001')); // still missing: keeps its first date
    await markPending(deps, batch(2, '2025-02-01T00:00:00.000Z'), doc('20000003'));

    const { due } = await duePendingDocuments(deps, batch(3, '2025-03-01T00:00:00.000Z'), new Set(['20000003']));
    expect(due.map((d) => d.docId)).toEqual(['20000001', '20000002']);

    await clearPending(deps, '20000002'); // parsed in batch 3
    const later = await duePendingDocuments(deps, batch(4, '2025-04-15T00:00:00.000Z'), new Set());
    expect(later.due.map((d) => d.docId)).toEqual(['20000003']);
    expect(later.gaveUp).toEqual(['20000001']); // 104 days without a PDF
    const record = JSON.parse(readFileSync(join(dir, 'quarantine/house_fd/batch=000004/20000001.json'), 'utf8'));
    expect(record).toMatchObject({ doc_id: '20000001', reason: 'never_published', batch_seq: 4 });
    expect(record.detail).toContain('2025-01-01T00:00:00.000Z');
    expect(existsSync(join(dir, '_pending/house_fd/ptr/20000001.json'))).toBe(false);
  });
});
