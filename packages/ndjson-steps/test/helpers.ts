import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck } from '@medallion/duck';
import { localStore, type ObjectStore } from '@medallion/lake';
import { generateNdjsonFiles, type GeneratedFile, type GenerateOptions, type QuarantineRecord } from '@medallion/ndjson';
import type { Manifest } from '../src/convert';

export async function lakes(): Promise<{ root: string; lake: ObjectStore; input: ObjectStore }> {
  const root = await mkdtemp(join(tmpdir(), 'ndjson-convert-test-'));
  return { root, lake: localStore(join(root, 'lake')), input: localStore(join(root, 'input')) };
}

export async function upload(input: ObjectStore, files: Array<{ key: string; body: Uint8Array | string }>): Promise<Manifest['files']> {
  const out: Manifest['files'] = [];
  for (const f of files) {
    const info = await input.put(f.key, f.body);
    out.push({ date_prefix: f.key.slice(0, 10), file_key: f.key, size: info.size, etag: info.etag });
  }
  return out;
}

export async function generated(input: ObjectStore, options: GenerateOptions): Promise<{ files: GeneratedFile[]; manifestFiles: Manifest['files'] }> {
  const files = [...generateNdjsonFiles(options)];
  return { files, manifestFiles: await upload(input, files) };
}

/** (file, line) of every row in the lake's silver/ndjson Parquet files. */
export async function parquetLines(root: string): Promise<Array<{ file: string; line: number }>> {
  const duck = await openDuck();
  try {
    return await duck.all<{ file: string; line: number }>(
      `SELECT _source_file AS file, _source_line AS line FROM read_parquet('${join(root, 'lake')}/silver/ndjson/*/*.parquet', union_by_name = true)`,
    );
  } catch (err) {
    if (/No files found/.test(String(err))) return [];
    throw err;
  } finally {
    duck.close();
  }
}

export async function quarantineRecords(lake: ObjectStore): Promise<QuarantineRecord[]> {
  const records: QuarantineRecord[] = [];
  for (const o of await lake.list('quarantine/ndjson/')) {
    const text = new TextDecoder().decode((await lake.get(o.key))!);
    for (const line of text.split('\n')) if (line) records.push(JSON.parse(line) as QuarantineRecord);
  }
  return records;
}
