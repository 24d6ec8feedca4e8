import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { validateKey } from '@medallion/lake';

/** What the Clerk's site answers for one path. */
export interface SourceResponse {
  status: number;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body?: Uint8Array;
}

/**
 * The House Clerk's public site (https://disclosures-clerk.house.gov/public_disc in AWS) or a
 * local directory laid out like it: financial-pdfs/YYYYFD.zip, ptr-pdfs/YYYY/<DocID>.pdf.
 */
export interface ClerkSource {
  readonly description: string;
  head(path: string): Promise<SourceResponse>;
  get(path: string): Promise<SourceResponse>;
}

export class SourceUnavailableError extends Error {
  override name = 'SourceUnavailable';
}

/** The Clerk over HTTP(S): HEAD for ETag/Last-Modified, GET for bytes. */
export function httpSource(baseUrl: string, fetchImpl: typeof fetch = fetch): ClerkSource {
  const base = baseUrl.replace(/\/$/, '');
  const call = async (method: 'HEAD' | 'GET', path: string): Promise<SourceResponse> => {
    const url = `${base}/${validateKey(path)}`;
    let res: Response;
    try {
      res = await fetchImpl(url, { method, signal: AbortSignal.timeout(60_000), headers: { 'user-agent': 'medallion-house-fd/0.1' } });
    } catch (err) {
      // Network trouble is transient: the state machine retries SourceUnavailable with backoff.
      throw new SourceUnavailableError(`${method} ${url} failed: ${(err as Error).message}`);
    }
    if (res.status >= 500) throw new SourceUnavailableError(`${method} ${url} answered ${res.status}`);
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      lastModified: res.headers.get('last-modified') ? new Date(res.headers.get('last-modified')!).toISOString() : null,
      contentType: res.headers.get('content-type'),
      body: method === 'GET' ? new Uint8Array(await res.arrayBuffer()) : undefined,
    };
  };
  return { description: base, head: (p) => call('HEAD', p), get: (p) => call('GET', p) };
}

const CONTENT_TYPES: Record<string, string> = { zip: 'application/zip', pdf: 'application/pdf', xml: 'text/xml', txt: 'text/plain', yaml: 'application/yaml' };

/** A directory laid out like the Clerk's site: the embedded default. ETag = content MD5. */
export function dirSource(dir: string): ClerkSource {
  const root = resolve(dir);
  const read = async (method: 'HEAD' | 'GET', path: string): Promise<SourceResponse> => {
    const file = join(root, validateKey(path));
    try {
      const [st, body] = await Promise.all([stat(file), readFile(file)]);
      return {
        status: 200,
        etag: `"${createHash('md5').update(body).digest('hex')}"`,
        lastModified: new Date(Math.floor(st.mtimeMs / 1000) * 1000).toISOString(),
        contentType: CONTENT_TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream',
        body: method === 'GET' ? new Uint8Array(body) : undefined,
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 404, etag: null, lastModified: null, contentType: null };
      throw err;
    }
  };
  return { description: root, head: (p) => read('HEAD', p), get: (p) => read('GET', p) };
}

/** 'http(s)://…' → the Clerk over HTTP; anything else → a local directory. */
export function openSource(location: string): ClerkSource {
  return /^https?:\/\//.test(location) ? httpSource(location) : dirSource(location);
}

export const zipPath = (year: number) => `financial-pdfs/${year}FD.zip`;
export const ptrPdfPath = (year: number, docId: string) => `ptr-pdfs/${year}/${docId}.pdf`;
export const MEMBERS_PATH = 'members/legislators-current.yaml';
