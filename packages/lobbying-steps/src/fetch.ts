import { getWatermark, advanceWatermark } from '@medallion/watermarks';
import { filingsPageSchema } from '@medallion/lobbying';
import { type Batch, batchSchema, keys, readJson } from './batch';
import type { StepDeps } from './config';

class LdaHttpError extends Error {
  override name = 'SourceUnavailable';
}

/** GET a JSON page through the policy (retries with backoff + full jitter, timeout, breaker `lda-api`). */
async function getPage(deps: StepDeps, url: string): Promise<unknown> {
  if (!url.startsWith(`${deps.baseUrl.replace(/\/$/, '')}/`)) throw new Error(`refusing a next link outside the API: ${url}`);
  return deps.policy.execute(async ({ signal }) => {
    const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      throw new LdaHttpError(`GET ${url} → HTTP ${res.status}`);
    }
    if (!res.ok) throw new Error(`GET ${url} → HTTP ${res.status}`);
    return res.json();
  });
}

const filingsUrl = (deps: StepDeps, year: number, page: number, pageSize: number) =>
  `${deps.baseUrl.replace(/\/$/, '')}/api/v1/filings/?filing_year=${year}&page=${page}&page_size=${pageSize}`;

/** CheckNewFilings: each watched year's filing count (one request, page_size 1) against the watermark's. */
export async function checkNewFilings(deps: StepDeps, now = new Date()) {
  const wm = await getWatermark(deps.dynamo, deps.watermarkTable, deps.watermarkId);
  const fingerprints: Record<string, string> = {};
  const years: number[] = [];
  for (const year of deps.years) {
    const { count } = filingsPageSchema.parse(await getPage(deps, filingsUrl(deps, year, 1, 1)));
    fingerprints[year] = String(count);
    if (wm.fingerprints[year] !== String(count)) years.push(year);
  }
  if (years.length === 0) return { hasNew: false, batch: null, watermarkSeq: wm.seq };
  const seq = wm.seq + 1;
  const existing = await readJson(deps.lake, keys.batchManifest(seq), batchSchema);
  const batch: Batch = existing ?? { seq, fromSeq: wm.seq, ts: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), years, fingerprints };
  if (!existing) await deps.lake.put(keys.batchManifest(seq), JSON.stringify(batch), 'application/json');
  return { hasNew: true, batch, watermarkSeq: wm.seq };
}

/** DownloadFilings: every page of each changed year to bronze, following `next`; pages already there are not fetched again. */
export async function downloadFilings(deps: StepDeps, batch: Batch) {
  let pages = 0;
  let filings = 0;
  for (const year of batch.years) {
    let url: string | null = filingsUrl(deps, year, 1, deps.pageSize);
    for (let page = 1; url; page++) {
      const key = keys.bronzePage(batch.seq, year, page);
      const stored = await deps.lake.get(key);
      const body = stored ? JSON.parse(Buffer.from(stored).toString('utf8')) : await getPage(deps, url);
      const parsed = filingsPageSchema.parse(body);
      if (!stored) await deps.lake.put(key, JSON.stringify(body), 'application/json');
      pages++;
      filings += parsed.results.length;
      url = parsed.next ?? null;
    }
  }
  return { pages, filings };
}

export async function advanceLobbyingWatermark(deps: StepDeps, batch: Batch, runId?: string) {
  const wm = await advanceWatermark(deps.dynamo, deps.watermarkTable, {
    watermarkId: deps.watermarkId,
    fromSeq: batch.fromSeq,
    toSeq: batch.seq,
    fingerprints: batch.fingerprints,
    batchTs: batch.ts,
    runId,
  });
  return { seq: wm.seq };
}
