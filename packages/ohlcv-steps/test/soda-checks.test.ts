/** soda/checks/silver_ohlcv_bars.yml, resolved through ohlcv_pipeline's own dataset declarations, passes on a resampled lake. */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duck, openDuck } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { mergeIntoBronze } from '../src/bronze';
import { ohlcvPipeline } from '../src/pipeline';
import { resample } from '../src/resample';
import { orclBars, tempDir } from './helpers';

const CHECKS = join(dirname(fileURLToPath(import.meta.url)), '../../../soda/checks/silver_ohlcv_bars.yml');

let duck: Duck;
let dir: string;
beforeAll(async () => {
  duck = await openDuck({ threads: 2 });
  dir = await tempDir('soda');
});
afterAll(async () => {
  duck.close();
  await rm(dir, { recursive: true, force: true });
});

it('every silver_Nd dataset resolves across its year=/month= partitions and passes its checks', async () => {
  const { runQualityCli } = await import('@medallion/quality');
  const lake = localStore(dir);
  await mergeIntoBronze(lake, duck, (await orclBars()).slice(0, 700));
  await resample(lake, duck, { full: true });
  let out = '';
  let err = '';
  const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t) };
  const code = await runQualityCli(['scan', CHECKS, '--lake', dir, '--no-store'], { datasets: ohlcvPipeline.datasets, io });
  expect({ code, err }).toEqual({ code: 0, err: '' });
  for (const n of [3, 5, 8, 13, 21, 34]) expect(out).toContain(`silver_${n}d`);
  expect(out).not.toMatch(/FAIL|WARN/);
});
