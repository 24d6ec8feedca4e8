import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDuck } from '@medallion/duck';
import { copyPartitioned, onlyFileIn } from '../src/partitioned-copy';
import { tempDir } from './helpers';

it('writes one file per partition folder even with many folders and threads, and refuses a split folder', async () => {
  const duck = await openDuck({ threads: 2 });
  try {
    const out = join(await tempDir('pc'), 'out');
    await copyPartitioned(duck, 'SELECT i % 300 AS p, i FROM range(200000) t(i) ORDER BY p, i', out, ['p']);
    for (const p of [0, 150, 299]) expect(await onlyFileIn(join(out, `p=${p}`))).toMatch(/data0\.parquet$/);
    expect(await duck.scalar<number>("SELECT current_setting('threads')::INTEGER")).toBe(2);
    expect(await onlyFileIn(join(out, 'p=300'))).toBeNull();
    const split = join(out, 'split');
    await mkdir(split);
    await writeFile(join(split, 'data0.parquet'), '');
    await writeFile(join(split, 'data1.parquet'), '');
    await expect(onlyFileIn(split)).rejects.toThrow(/left 2 files/);
  } finally {
    duck.close();
  }
});
