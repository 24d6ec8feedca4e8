import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Temp files of a local lake. Each is named after the process writing it, so a later process
 * can tell a temp file being written (its process runs) from one a killed run left behind.
 */

/** Folder under the lake root for temp files; not a valid key, so never an object. */
export const TEMP_DIR = '.tmp';

export const tempName = (): string => `${process.pid}-${randomBytes(6).toString('hex')}`;

/**
 * Temp files written beside their targets rather than under `.tmp/`: `.tmp-<pid>-…` (this store
 * before `.tmp/`) and `<name>.<pid>-<hex>.tmp` (writers that bypass the store on a local lake,
 * e.g. the quality gate's results). Never objects; removed once their writer is gone.
 */
const BESIDE_TARGET = [/^\.tmp-(\d+)-/, /\.(\d+)-[0-9a-f]+\.tmp$/];
export const isTempBesideTarget = (name: string): boolean => BESIDE_TARGET.some((re) => re.test(name));

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** The writer's pid from a temp file name (`<pid>-…` under `.tmp/`, or one written beside its target), or null. */
export function writerPid(name: string): number | null {
  for (const re of [/^(\d+)-/, ...BESIDE_TARGET]) {
    const m = re.exec(name);
    if (m) return Number(m[1]);
  }
  return null;
}

/** Remove a temp file whose writer no longer runs (one without a pid in its name counts as stale). */
export async function removeIfStale(path: string): Promise<boolean> {
  const pid = writerPid(basename(path));
  if (pid !== null && processRuns(pid)) return false;
  await rm(path, { force: true });
  return true;
}

/** Remove the stale temp files in `dir` (a lake's `.tmp`); in-progress writes of running processes stay. */
export async function sweepStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) await removeIfStale(join(dir, name));
}
