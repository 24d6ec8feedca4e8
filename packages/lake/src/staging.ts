import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ObjectStore, ObjectInfo } from './store';

/**
 * Let a writer (DuckDB COPY … TO) produce a local file, then publish it under `key`. The temp
 * directory is always removed; the object appears only once complete.
 */
export async function writeViaLocalFile<T>(
  store: ObjectStore,
  key: string,
  produce: (localPath: string) => Promise<T>,
): Promise<{ result: T; object: ObjectInfo }> {
  const dir = await mkdtemp(join(tmpdir(), 'medallion-out-'));
  try {
    const local = join(dir, key.split('/').pop()!);
    const result = await produce(local);
    const object = await store.putFile(key, local);
    return { result, object };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
