/**
 * Deterministic zips with fflate (the repository's one zip library): entries in byte order of
 * their paths, one fixed timestamp, one Unix file mode, no extra fields, no directory entries.
 * The same inputs give the same bytes (fflate's deflate is plain JavaScript, so not even the
 * zlib build matters), and Terraform's source_code_hash only changes when the code does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { unzipSync, zipSync, type ZipOptions, type Zippable } from 'fflate';
import { ZIP_FILE_MODE, ZIP_MTIME } from './config';

export interface ZipInput {
  /** Path inside the zip, "/"-separated, relative. */
  path: string;
  data: Uint8Array;
}

export const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Made on Unix (APPNOTE 4.4.2.2), so the external attributes' high 16 bits are the file mode Lambda extracts with. */
const ENTRY: ZipOptions = { level: 6, mtime: ZIP_MTIME, os: 3, attrs: ZIP_FILE_MODE * 0x10000 };

function checkPaths(entries: ZipInput[]): void {
  for (let i = 0; i < entries.length; i++) {
    const p = entries[i].path;
    if (!p || p.startsWith('/') || p.includes('\\') || p.split('/').some((s) => s === '' || s === '.' || s === '..'))
      throw new Error(`bad zip path: ${JSON.stringify(p)}`);
    // fflate takes entries as object keys, and JavaScript puts integer-like keys first whatever the insertion order.
    if (/^(0|[1-9]\d*)$/.test(p)) throw new Error(`zip path would be reordered (integer-like name): ${p}`);
    if (i > 0 && entries[i - 1].path === p) throw new Error(`duplicate zip path: ${p}`);
  }
}

export async function deterministicZip(inputs: ZipInput[]): Promise<Buffer> {
  const entries = [...inputs].sort(byPath);
  checkPaths(entries);
  const tree: Zippable = {};
  for (const entry of entries) tree[entry.path] = [entry.data, ENTRY];
  const zip = zipSync(tree);
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}

export interface ZipEntry {
  path: string;
  data: Uint8Array;
}

/** The files of a zip, in the order they are stored (fflate checks each entry's size and CRC). */
export function readZip(zip: Uint8Array): ZipEntry[] {
  return Object.entries(unzipSync(zip, { filter: (f) => !f.name.endsWith('/') })).map(([path, data]) => ({ path, data }));
}

/**
 * Extract every file under `dir` (refusing paths that would escape it). Files are written
 * rw-r--r--: every entry the build writes carries that one mode (ZIP_FILE_MODE).
 */
export async function extractZip(zip: Uint8Array, dir: string): Promise<ZipEntry[]> {
  const root = resolve(dir);
  const entries = readZip(zip);
  for (const entry of entries) {
    const target = resolve(root, entry.path);
    if (!target.startsWith(root + sep)) throw new Error(`zip entry escapes the target: ${entry.path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.data, { mode: ZIP_FILE_MODE & 0o777 });
  }
  return entries;
}
