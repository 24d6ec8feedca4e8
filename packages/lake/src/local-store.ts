import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile, stat, rm, readdir, rename, copyFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { validateKey } from './keys';
import type { ObjectInfo, ObjectStore } from './store';

async function info(root: string, key: string): Promise<ObjectInfo | null> {
  const path = join(root, key);
  try {
    const [st, body] = await Promise.all([stat(path), readFile(path)]);
    if (!st.isFile()) return null;
    // Content hash, like S3's ETag for single-part uploads: stable across copies and clones.
    return { key, size: st.size, etag: `"${createHash('md5').update(body).digest('hex')}"`, lastModified: st.mtime.toISOString() };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try { entries = await readdir(dir, { withFileTypes: true }); } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && !e.name.startsWith('.tmp-')) out.push(p);
  }
  return out;
}

/** A lake in a local directory: the embedded default. */
export function localStore(rootDir: string): ObjectStore {
  const root = resolve(rootDir);
  const pathOf = (key: string) => join(root, validateKey(key));
  const atomicWrite = async (key: string, write: (tmp: string) => Promise<void>) => {
    const dest = pathOf(key);
    await mkdir(dirname(dest), { recursive: true });
    const tmp = join(dirname(dest), `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    await write(tmp);
    await rename(tmp, dest);
    return (await info(root, key))!;
  };
  return {
    uri: `file://${root}`,
    async get(key) {
      try { return new Uint8Array(await readFile(pathOf(key))); } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    put: (key, body) => atomicWrite(key, (tmp) => writeFile(tmp, body)),
    head: (key) => info(root, validateKey(key)),
    async list(prefix) {
      const base = prefix ? pathOf(prefix.replace(/\/$/, '')) : root;
      const files = await walk(base);
      const keys = files.map((f) => relative(root, f).split(sep).join('/')).sort();
      return (await Promise.all(keys.map((k) => info(root, k)))).filter((x): x is ObjectInfo => x !== null);
    },
    async delete(key) { await rm(pathOf(key), { force: true }); },
    async stage(keys) { return keys.map(pathOf); },
    putFile: (key, localPath) => atomicWrite(key, (tmp) => copyFile(localPath, tmp)),
  };
}
