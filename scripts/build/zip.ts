/**
 * Deterministic zips: entries in byte order of their paths, one fixed timestamp, one file mode,
 * no extended-timestamp fields, no directory entries. The same inputs give the same bytes (on
 * the same zlib), so Terraform's source_code_hash only changes when the code does.
 */
import yazl from 'yazl';
import { ZIP_FILE_MODE, ZIP_MTIME } from './config';

export interface ZipInput {
  /** Path inside the zip, "/"-separated, relative. */
  path: string;
  data: Uint8Array;
}

export const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export async function deterministicZip(inputs: ZipInput[]): Promise<Buffer> {
  const entries = [...inputs].sort(byPath);
  for (let i = 0; i < entries.length; i++) {
    const p = entries[i].path;
    if (!p || p.startsWith('/') || p.includes('\\') || p.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new Error(`bad zip path: ${JSON.stringify(p)}`);
    if (i > 0 && entries[i - 1].path === p) throw new Error(`duplicate zip path: ${p}`);
  }
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    zip.addBuffer(data, entry.path, { mtime: ZIP_MTIME, mode: ZIP_FILE_MODE, forceDosTimestamp: true, compress: true });
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
  zip.end();
  return done;
}
