import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckSession, openDuck } from '@medallion/duck';
import type { ObjectStore } from '@medallion/lake';
import { parquetChunks } from '../src/parquet-chunks';
import type { CleanFile } from '../src/prepare';
import { lakes, parquetLines } from './helpers';

const columns = [{ name: 'a', type: 'BIGINT' as const }];

/** A clean file as prepareFile leaves it: `_source_line` first, then the line's fields. */
async function cleanFile(work: string, fileKey: string, rows: number): Promise<CleanFile> {
  const cleanPath = join(work, `${fileKey.replace(/\W/g, '_')}.ndjson`);
  const body = Array.from({ length: rows }, (_, i) => `{"_source_line":${i + 1},"a":${i}}\n`).join('');
  await writeFile(cleanPath, body);
  return {
    fileKey,
    lines: rows,
    rows,
    blank: 0,
    quarantined: {},
    cleanBytes: body.length,
    longestLine: 40,
    direct: false,
    cleanPath,
    quarantinePath: `${cleanPath}.rejects`,
    inputPath: cleanPath,
  };
}

/** These tests hand over clean files only. */
const noDirectFiles = async () => {
  throw new Error('no direct file here');
};

async function setup() {
  const { root, lake } = await lakes();
  const work = join(root, 'work');
  await mkdir(work, { recursive: true });
  return { root, lake, work };
}

describe('parquetChunks', () => {
  it("converts a date's chunk once its last file is read, not at the end, and removes its clean files once published", async () => {
    const { root, lake, work } = await setup();
    const duck = await openDuck({ threads: 1 });
    try {
      const chunks = parquetChunks({ lake, lanes: [duck], manifestId: 'm', work, chunkBytes: 2 ** 30, writeCleanFile: noDirectFiles });
      const first = await cleanFile(work, '2026-01-01/a.ndjson', 3);
      chunks.add('2026-01-01', first, columns, { lastOfDate: false, unreadBytes: 2 ** 40 });
      const last = await cleanFile(work, '2026-01-01/b.ndjson', 2);
      chunks.add('2026-01-01', last, columns, { lastOfDate: true, unreadBytes: 2 ** 40 });
      await chunks.settle(); // no finish yet: the date's chunk was cut by its last file
      expect((await lake.list('silver/ndjson/')).map((o) => o.key)).toEqual(['silver/ndjson/date=2026-01-01/m-0.parquet']);
      expect(existsSync(first.cleanPath) || existsSync(last.cleanPath)).toBe(false);
      expect(await chunks.finish(columns)).toEqual(['silver/ndjson/date=2026-01-01/m-0.parquet']);
      expect(await parquetLines(root)).toHaveLength(5);
    } finally {
      duck.close();
    }
  });

  it('runs one COPY at a time on each lane, the next chunk on whichever lane is free', async () => {
    const { root, lake, work } = await setup();
    const duck = await openDuck({ threads: 1 });
    const second = await openDuck({ threads: 1 });
    const inFlight = [0, 0];
    const most = [0, 0];
    /** A lane that counts its own COPYs in flight. */
    const counted = (session: DuckSession, i: number): DuckSession => ({
      ...session,
      scalar: async (sql, params) => {
        most[i] = Math.max(most[i]!, ++inFlight[i]!);
        try {
          return await session.scalar(sql, params);
        } finally {
          inFlight[i]!--;
        }
      },
    });
    try {
      const chunks = parquetChunks({
        lake,
        lanes: [counted(duck, 0), counted(second, 1)],
        manifestId: 'm',
        work,
        chunkBytes: 1,
        writeCleanFile: noDirectFiles,
      });
      for (const [i, date] of ['2026-01-01', '2026-01-01', '2026-01-02', '2026-01-03', '2026-01-03'].entries())
        chunks.add(date, await cleanFile(work, `${date}/f${i}.ndjson`, 1000), columns, { lastOfDate: false, unreadBytes: 2 ** 40 });
      expect((await chunks.finish(columns)).sort()).toEqual([
        'silver/ndjson/date=2026-01-01/m-0.parquet',
        'silver/ndjson/date=2026-01-01/m-1.parquet',
        'silver/ndjson/date=2026-01-02/m-0.parquet',
        'silver/ndjson/date=2026-01-03/m-0.parquet',
        'silver/ndjson/date=2026-01-03/m-1.parquet',
      ]);
      expect(most).toEqual([1, 1]); // both lanes were used, never twice at once
      expect(await parquetLines(root)).toHaveLength(5000);
    } finally {
      second.close();
      duck.close();
    }
  });

  it('cuts chunks at a quarter size once what is left to read would not give every lane a full chunk', async () => {
    const { root, lake, work } = await setup();
    const duck = await openDuck({ threads: 1 });
    try {
      const MiB = 2 ** 20;
      const chunks = parquetChunks({ lake, lanes: [duck], manifestId: 'm', work, chunkBytes: 64 * MiB, writeCleanFile: noDirectFiles });
      // Clean sizes as prepareFile would count them (the files themselves are small): 10 MiB each.
      const file = async (name: string, rows: number) => ({ ...(await cleanFile(work, `2026-01-01/${name}.ndjson`, rows)), cleanBytes: 10 * MiB });
      chunks.add('2026-01-01', await file('a', 1), columns, { lastOfDate: false, unreadBytes: 500 * MiB }); // 10 MiB: no cut
      chunks.add('2026-01-01', await file('b', 2), columns, { lastOfDate: false, unreadBytes: 30 * MiB }); // 20 MiB ≥ 16: cut
      chunks.add('2026-01-01', await file('c', 4), columns, { lastOfDate: true, unreadBytes: 0 });
      expect(await chunks.finish(columns)).toEqual(['silver/ndjson/date=2026-01-01/m-0.parquet', 'silver/ndjson/date=2026-01-01/m-1.parquet']);
      const first = join(root, 'lake', 'silver/ndjson/date=2026-01-01/m-0.parquet');
      expect(await duck.all(`SELECT _source_file AS f, count(*) AS n FROM read_parquet('${first}') GROUP BY ALL ORDER BY f`)).toEqual([
        { f: '2026-01-01/a.ndjson', n: 1 },
        { f: '2026-01-01/b.ndjson', n: 2 },
      ]);
      expect(await parquetLines(root)).toHaveLength(7);
    } finally {
      duck.close();
    }
  });

  it('a failed publish fails finish, after every COPY and publish has settled', async () => {
    const { lake, work } = await setup();
    const failing: ObjectStore = {
      ...lake,
      putFile: async (key) => {
        throw new Error(`upload of ${key} failed`);
      },
    };
    const duck = await openDuck({ threads: 1 });
    try {
      const chunks = parquetChunks({ lake: failing, lanes: [duck], manifestId: 'm', work, chunkBytes: 1, writeCleanFile: noDirectFiles });
      chunks.add('2026-01-01', await cleanFile(work, '2026-01-01/a.ndjson', 3), columns, { lastOfDate: false, unreadBytes: 2 ** 40 });
      chunks.add('2026-01-02', await cleanFile(work, '2026-01-02/a.ndjson', 3), columns, { lastOfDate: false, unreadBytes: 2 ** 40 });
      await expect(chunks.finish(columns)).rejects.toThrow(/upload of silver\/ndjson\/date=2026-01-01\/m-0.parquet failed/);
      expect(await lake.list('silver/ndjson/')).toEqual([]);
    } finally {
      duck.close();
    }
  });
});
