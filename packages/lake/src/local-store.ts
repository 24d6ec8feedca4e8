import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { mkdir, open, readFile, writeFile, stat, rm, readdir, rename, copyFile, link } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { validateKey } from './keys';
import type { ObjectInfo, ObjectStore } from './store';
import { TEMP_DIR, isTempBesideTarget, sweepStaleTemps, removeIfStale, tempName } from './local-temps';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** A file's stats; null when it is missing or not a file. */
async function fileStat(path: string) {
  try {
    const st = await stat(path);
    return st.isFile() ? st : null;
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

async function info(root: string, key: string): Promise<ObjectInfo | null> {
  const path = join(root, key);
  const st = await fileStat(path);
  if (!st) return null;
  // Content hash, like S3's ETag for single-part uploads: stable across copies and clones. Streamed: files can be large.
  const md5 = createHash('md5');
  try {
    await pipeline(createReadStream(path), md5);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  return { key, size: st.size, etag: `"${md5.digest('hex')}"`, lastModified: st.mtime.toISOString() };
}

/** md5 of a file, read in 1 MiB blocks; "" when it is gone. */
function md5FileSync(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (isMissing(err)) return '""';
    throw err;
  }
  try {
    const md5 = createHash('md5');
    const block = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, block); n > 0; n = readSync(fd, block)) md5.update(block.subarray(0, n));
    return `"${md5.digest('hex')}"`;
  } finally {
    closeSync(fd);
  }
}

/**
 * An object's info with its ETag hashed on first read: most listings and writers only want keys and
 * sizes, and hashing every object made listing 5,350 bronze files (1 GB) take 3–6 s.
 */
async function infoHashedOnRead(root: string, key: string): Promise<ObjectInfo | null> {
  const path = join(root, key);
  const st = await fileStat(path);
  if (!st) return null;
  let etag: string | undefined;
  return {
    key,
    size: st.size,
    lastModified: st.mtime.toISOString(),
    get etag() {
      etag ??= md5FileSync(path);
      return etag;
    },
  };
}

async function walk(root: string, dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (dir === root && e.name === TEMP_DIR) continue; // temp files are never objects
    if (e.isDirectory()) out.push(...(await walk(root, p)));
    else if (isTempBesideTarget(e.name))
      await removeIfStale(p); // written beside its target (older versions, writers that bypass the store)
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * A lake in a local directory: the embedded default. Writes go to `<root>/.tmp/<pid>-<random>`
 * and are renamed into place (same file system, so atomic). `.tmp` can never be a key (keys
 * start with a letter, digit or `_`) and is never listed; temp files of processes that no
 * longer run (a killed `lake run`) are removed the first time the store is written or listed.
 */
export function localStore(rootDir: string): ObjectStore {
  const root = resolve(rootDir);
  const pathOf = (key: string) => join(root, validateKey(key));
  let swept: Promise<void> | undefined;
  const sweepOnce = () => (swept ??= sweepStaleTemps(join(root, TEMP_DIR)));
  const atomicWrite = async (key: string, write: (tmp: string) => Promise<void>) => {
    const dest = pathOf(key);
    await sweepOnce();
    const tmp = join(root, TEMP_DIR, tempName());
    await Promise.all([mkdir(dirname(dest), { recursive: true }), mkdir(dirname(tmp), { recursive: true })]);
    try {
      await write(tmp);
      await rename(tmp, dest);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    // Its ETag is hashed when asked for: most writers only need to know the write is done.
    return (await infoHashedOnRead(root, key))!;
  };
  return {
    uri: `file://${root}`,
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async getStream(key) {
      // Opened first, so a missing object is null here rather than an error event on the stream.
      try {
        return (await open(pathOf(key))).createReadStream();
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    put: (key, body) => atomicWrite(key, (tmp) => writeFile(tmp, body)),
    putStream: (key, body) => atomicWrite(key, (tmp) => pipeline(body, createWriteStream(tmp))),
    async putIfAbsent(key, body) {
      // Written whole to a temp file, then hard-linked into place: link fails with EEXIST when the key exists, so
      // of two writers exactly one creates it, and no reader sees a partial object.
      const dest = pathOf(key);
      await sweepOnce();
      const tmp = join(root, TEMP_DIR, tempName());
      await Promise.all([mkdir(dirname(dest), { recursive: true }), mkdir(dirname(tmp), { recursive: true })]);
      try {
        await writeFile(tmp, body);
        await link(tmp, dest);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
        throw err;
      } finally {
        await rm(tmp, { force: true });
      }
      return info(root, key);
    },
    head: (key) => info(root, validateKey(key)),
    async list(prefix) {
      await sweepOnce();
      const base = prefix ? pathOf(prefix.replace(/\/$/, '')) : root;
      const files = await walk(root, base);
      const keys = files.map((f) => relative(root, f).split(sep).join('/')).sort();
      return (await Promise.all(keys.map((k) => infoHashedOnRead(root, k)))).filter((x): x is ObjectInfo => x !== null);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async stage(keys) {
      return keys.map(pathOf);
    },
    putFile: (key, localPath) => atomicWrite(key, (tmp) => copyFile(localPath, tmp)),
  };
}
