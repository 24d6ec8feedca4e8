import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { deterministicZip, extractZip, readZip } from '../zip';

const text = (s: string) => new TextEncoder().encode(s);

describe('deterministic zips (fflate)', () => {
  it('sorts entries and gives the same bytes for the same inputs, whatever their order', async () => {
    const a = await deterministicZip([
      { path: 'z/b.txt', data: text('b') },
      { path: 'index.mjs', data: text('export {}') },
    ]);
    const b = await deterministicZip([
      { path: 'index.mjs', data: text('export {}') },
      { path: 'z/b.txt', data: text('b') },
    ]);
    expect(b.equals(a)).toBe(true);
    expect(readZip(a)).toEqual([
      { path: 'index.mjs', data: text('export {}') },
      { path: 'z/b.txt', data: text('b') },
    ]);
  });

  it('refuses paths that escape, repeat, or that fflate would reorder', async () => {
    await expect(deterministicZip([{ path: '../x', data: text('') }])).rejects.toThrow(/bad zip path/);
    await expect(
      deterministicZip([
        { path: 'a', data: text('') },
        { path: 'a', data: text('') },
      ]),
    ).rejects.toThrow(/duplicate/);
    await expect(deterministicZip([{ path: '42', data: text('') }])).rejects.toThrow(/reordered/);
  });

  it('extracts under a folder, rw-r--r--, and fails on a truncated zip', async () => {
    const zip = await deterministicZip([{ path: 'soda/checks/a.yml', data: text('checks: []') }]);
    const dir = await mkdtemp(join(tmpdir(), 'zip-test-'));
    await extractZip(zip, dir);
    expect(await readFile(join(dir, 'soda/checks/a.yml'), 'utf8')).toBe('checks: []');
    expect((await stat(join(dir, 'soda/checks/a.yml'))).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(() => readZip(zip.subarray(0, zip.length - 10))).toThrow();
  });
});
