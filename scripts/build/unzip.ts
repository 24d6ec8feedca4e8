/**
 * A small zip reader (stored and deflated entries, no zip64) for checking what the build wrote:
 * the verify step extracts with it, and tests inspect entry order, timestamps and modes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import zlib from 'node:zlib';

export interface ZipEntryInfo {
  path: string;
  method: number;
  /** Unix mode from the external attributes (0 when the zip was made on another system). */
  mode: number;
  dosDate: number;
  dosTime: number;
  compressedSize: number;
  size: number;
  crc32: number;
  extraLength: number;
  data(): Buffer;
}

export function readZip(zip: Buffer): ZipEntryInfo[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntryInfo[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory header at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const dosTime = zip.readUInt16LE(p + 12);
    const dosDate = zip.readUInt16LE(p + 14);
    const crc32 = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const mode = zip.readUInt32LE(p + 38) >>> 16;
    const local = zip.readUInt32LE(p + 42);
    const path = zip.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${path}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({
      path, method, mode, dosDate, dosTime, compressedSize, size, crc32, extraLength,
      data() {
        const raw = zip.subarray(start, start + compressedSize);
        const out = method === 0 ? Buffer.from(raw) : method === 8 ? zlib.inflateRawSync(raw) : null;
        if (!out) throw new Error(`${path}: unsupported compression method ${method}`);
        if (out.length !== size) throw new Error(`${path}: ${out.length} bytes inflated, ${size} expected`);
        if (typeof zlib.crc32 === 'function' && zlib.crc32(out) >>> 0 !== crc32) throw new Error(`${path}: CRC mismatch`);
        return out;
      },
    });
  }
  return entries;
}

/** Extract every entry under `dir` (refusing paths that would escape it). */
export async function extractZip(zip: Buffer, dir: string): Promise<ZipEntryInfo[]> {
  const root = resolve(dir);
  const entries = readZip(zip);
  for (const entry of entries) {
    const target = resolve(root, entry.path);
    if (!target.startsWith(root + sep)) throw new Error(`zip entry escapes the target: ${entry.path}`);
    if (entry.path.endsWith('/')) { await mkdir(target, { recursive: true }); continue; }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, entry.data(), { mode: entry.mode & 0o777 || 0o644 });
  }
  return entries;
}

export const unzippedSize = (entries: ZipEntryInfo[]): number => entries.reduce((s, e) => s + e.size, 0);
