import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseFilingIndex, type ParsedIndex } from './filing-index/parse-index';
import { parsePtrPdf, type PtrResult } from './ptr/parse-ptr';
import { readZipEntries } from './zip';

export type FileDescription =
  | ({ kind: 'index'; file: string; format: 'xml' | 'txt' } & ParsedIndex)
  | ({ kind: 'ptr'; file: string; docId: string | null } & PtrResult)
  | { kind: 'zip'; file: string; entries: FileDescription[] }
  | { kind: 'unsupported'; file: string; detail: string }
  /** A file of a supported kind that cannot be read at all (e.g. a truncated zip). */
  | { kind: 'invalid'; file: string; detail: string };

async function describeBytes(name: string, bytes: Uint8Array, ingestTs: string): Promise<FileDescription> {
  const ext = extname(name).toLowerCase();
  if (ext === '.xml' || ext === '.txt') {
    const year = /(\d{4})FD\.(xml|txt)$/i.exec(basename(name))?.[1];
    const format = ext === '.xml' ? 'xml' : 'txt';
    return { kind: 'index', file: name, format, ...parseFilingIndex(bytes, format, { year: year ? Number(year) : undefined, batchSeq: 0, ingestTs }) };
  }
  if (ext === '.pdf') {
    // The Clerk names PTRs <DocID>.pdf; other names still parse, without the DocID cross-check.
    const docId = /^(\d+)/.exec(basename(name))?.[1] ?? null;
    const result = await parsePtrPdf(bytes, { docId: docId ?? 'unknown', ingestTs, checkDocId: docId !== null });
    return { kind: 'ptr', file: name, docId, ...result };
  }
  if (ext === '.zip') {
    let entries: Record<string, Uint8Array>;
    try {
      entries = readZipEntries(bytes);
    } catch (err) {
      // fflate throws Errors with numeric codes (e.g. 0 "unexpected EOF" for a truncated file).
      return { kind: 'invalid', file: name, detail: `not a valid zip: ${(err as Error).message}` };
    }
    const described: FileDescription[] = [];
    for (const entry of Object.keys(entries).sort()) described.push(await describeBytes(entry, entries[entry], ingestTs));
    return { kind: 'zip', file: name, entries: described };
  }
  return { kind: 'unsupported', file: name, detail: `no parser for ${ext || 'files without an extension'} (expected .pdf, .xml, .txt or .zip)` };
}

/**
 * What the parsers extract from one file: an index (.xml/.txt) → filings, stats and quarantined
 * rows; a PTR (.pdf) → header, transactions, warnings or the quarantine reason; a .zip → each
 * entry. silver_ingest_ts is the file's modification time (never now()). Backs
 * `pnpm lake house-fd parse <file>`.
 */
export async function describeFile(path: string): Promise<FileDescription> {
  const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
  return describeBytes(path, new Uint8Array(bytes), new Date(Math.floor(info.mtimeMs)).toISOString());
}
