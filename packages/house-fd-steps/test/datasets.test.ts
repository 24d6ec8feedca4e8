import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localStore } from '@medallion/lake';
import { datasetDeclarationsSchema } from '@medallion/quality';
import { keys } from '../src/batch';
import type { StepDeps } from '../src/config';
import { HOUSE_FD_DATASETS } from '../src/datasets';
import { GOLD_QUALITY_CHECKS } from '../src/quality-checks';
import { resumeState } from '../src/resume';

const SODA = join(dirname(fileURLToPath(import.meta.url)), '../../../soda/checks');

describe('HOUSE_FD_DATASETS', () => {
  it("declares every dataset its gates' soda/checks files name, with patterns the quality engine accepts", async () => {
    // house_fd's gates run these files; other pipelines' checks live beside them with their own datasets.
    const gateFiles = ['silver_filings.yml', 'silver_transactions.yml', ...GOLD_QUALITY_CHECKS];
    expect((await readdir(SODA)).filter((f) => gateFiles.includes(f)).sort()).toEqual([...gateFiles].sort());
    const text = (await Promise.all(gateFiles.map((f) => readFile(join(SODA, f), 'utf8')))).join('\n');
    const named = [...text.matchAll(/^checks for (\w+)/gm)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(4);
    for (const name of named) expect(Object.keys(HOUSE_FD_DATASETS)).toContain(name);
    expect(datasetDeclarationsSchema.safeParse(HOUSE_FD_DATASETS).success).toBe(true);
  });

  it('go to both gates with the checks files when a run resumes (--from ValidateGold)', async () => {
    const deps = { lake: localStore(mkdtempSync(join(tmpdir(), 'datasets-'))) } as unknown as StepDeps;
    const batch = { seq: 1, fromSeq: 0, ts: '2025-03-12T06:00:00.000Z', years: [2025], fingerprints: {} };
    await deps.lake.put(keys.batchManifest(1), JSON.stringify(batch), 'application/json');
    await deps.lake.put(keys.batchDocuments(1), '[]', 'application/json');
    const state = (await resumeState(deps, 'ValidateGold')) as Record<string, { datasets?: unknown; qualityChecks?: string[] }>;
    expect(state.compact).toMatchObject({ qualityChecks: ['silver_filings.yml'], datasets: HOUSE_FD_DATASETS });
    expect(state.gold).toMatchObject({ datasets: HOUSE_FD_DATASETS });
  });
});
