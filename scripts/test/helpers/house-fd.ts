/** Test fixtures for whole-pipeline runs: a Clerk-layout source copied from sample-data, served over loopback HTTP when asked. */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { readZipEntries, writeDeterministicZip } from '@medallion/house-fd';
import { testLocalDynamo, type LocalDynamo } from '@medallion/local';
import { afterAll, beforeAll } from '@jest/globals';
import type { LocalRunOptions } from '@medallion/cli';

export const SAMPLE = resolve(import.meta.dirname, '../../../sample-data/house-fd/source');
/** Every source file gets this mtime, so batch timestamps (from Last-Modified) and outputs are fixed. */
export const SOURCE_MTIME = new Date('2025-12-31T12:00:00Z');

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `medallion-${prefix}-`));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export function fixMtimes(dir: string): void {
  for (const f of walk(dir)) utimesSync(f, SOURCE_MTIME, SOURCE_MTIME);
}

/** The sample source, 2025 only (471 PTRs listed, the real PDFs bundled), in a fresh temp dir. */
export function copySource(): string {
  const dir = tempDir('source');
  cpSync(join(SAMPLE, 'financial-pdfs/2025FD.zip'), join(dir, 'financial-pdfs/2025FD.zip'), { recursive: true });
  cpSync(join(SAMPLE, 'members'), join(dir, 'members'), { recursive: true });
  cpSync(join(SAMPLE, 'ptr-pdfs/2025'), join(dir, 'ptr-pdfs/2025'), { recursive: true });
  fixMtimes(dir);
  return dir;
}

/** Rewrite the 2025 index XML inside its zip (e.g. to seed a bad row). */
export function editIndex(sourceDir: string, edit: (xml: string) => string): void {
  const zipFile = join(sourceDir, 'financial-pdfs/2025FD.zip');
  const entries = readZipEntries(readFileSync(zipFile));
  const xml = Buffer.from(entries['2025FD.xml']).toString('utf8');
  writeFileSync(zipFile, writeDeterministicZip([['2025FD.xml', Buffer.from(edit(xml), 'utf8')]]));
  fixMtimes(sourceDir);
}

/** PTR DocIDs of the 2025 index, in file order. */
export function ptrDocIds(sourceDir: string): string[] {
  const xml = Buffer.from(readZipEntries(readFileSync(join(sourceDir, 'financial-pdfs/2025FD.zip')))['2025FD.xml']).toString('utf8');
  return [...xml.matchAll(/<FilingType>P<\/FilingType>[\s\S]*?<DocID>(\d+)<\/DocID>/g)].map((m) => m[1]);
}

const CLERK_404 =
  '<!DOCTYPE html><html><head><title>404 - File or directory not found.</title></head><body><h2>404 - File or directory not found.</h2></body></html>';

/** Serve a Clerk-layout directory like the Clerk's site: ETag, Last-Modified, HEAD, HTML 404 pages. */
export async function serveSource(
  dir: string,
  opts: { unavailable?: Record<string, number> } = {},
): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const unavailable = { ...opts.unavailable };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(`${req.method} ${path}`);
    // A flaky server: the first N requests for a path answer 503.
    if ((unavailable[path] ?? 0) > 0) {
      unavailable[path]--;
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html><body>Service Unavailable</body></html>');
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end(req.method === 'HEAD' ? undefined : CLERK_404);
      return;
    }
    const body = readFileSync(file);
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const headers = {
      etag,
      'last-modified': statSync(file).mtime.toUTCString(),
      'content-length': String(body.length),
      'content-type': file.endsWith('.pdf') ? 'application/pdf' : 'application/x-zip-compressed',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Every file under gold/ with its md5, for byte-for-byte comparisons. The API's serving database
 * (gold/house_fd/_serving/…/serving.duckdb) is left out: a DuckDB file is not byte-deterministic
 * (its version id, pointer and hot responses are, and stay in).
 */
export function goldFingerprint(lakeDir: string): Record<string, string> {
  const root = join(lakeDir, 'gold');
  if (!existsSync(root)) return {};
  return Object.fromEntries(
    walk(root)
      .filter((f) => !f.endsWith('.duckdb'))
      .sort()
      .map((f) => [f.slice(lakeDir.length + 1), createHash('md5').update(readFileSync(f)).digest('hex')]),
  );
}

export async function queryLake<T extends Record<string, unknown>>(sql: (p: (rel: string) => string) => string): Promise<T[]> {
  const duck = await openDuck({ threads: 1 });
  try {
    return await duck.all<T>(sql((rel) => sqlPath(rel)));
  } finally {
    duck.close();
  }
}

/**
 * The run's shared dynalite (tables of this file's own) and a fresh scenario per test: the sample source copied, a new
 * lake, and a watermark id of its own (so scenarios sharing the tables never meet).
 */
export function pipelineScenarios(name: string): { fresh(): LocalRunOptions; dynamo(): LocalDynamo } {
  let dynamo: LocalDynamo;
  let count = 0;
  beforeAll(async () => {
    dynamo = await testLocalDynamo(`${name}-test`);
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  return {
    fresh() {
      process.env.HOUSE_FD_WATERMARK_ID = `house_fd_${name}_${++count}`;
      return { pipeline: 'house_fd_pipeline', sourceDir: copySource(), lakeDir: tempDir('lake'), dynamo, fastRetries: true };
    },
    dynamo: () => dynamo,
  };
}
