import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, type Duck } from '@medallion/duck';

export interface Workspace {
  dir: string;
  duck: Duck;
  path(name: string): string;
  close(): Promise<void>;
}

export async function workspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'house-fd-gold-test-'));
  const duck = await openDuck({ threads: 2 });
  return {
    dir,
    duck,
    path: (name) => join(dir, name),
    async close() {
      duck.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
