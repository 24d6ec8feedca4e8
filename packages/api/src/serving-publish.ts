/**
 * UpdateCache, the last state of house_fd_pipeline: build the serving database of the gold
 * PublishGold just promoted, publish it under its version, answer the hot requests with the
 * API's own routes against it and store the bodies beside it, then move the pointer. The
 * pointer is written last, so an API that reads it finds everything it names.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectStore } from '@medallion/lake';
import { createApi } from './router';
import { HOUSE_FD_ROUTES } from './routes/index';
import { openServing } from './serving';
import { pointerSchema, SERVING_LAYOUT, servingKeys, type ServingPointer } from './serving-keys';
import { listGold, prepareServing } from './serving-prepare';

/** The requests every client makes first, answered from UpdateCache's JSON (name → path?query). */
export const HOT_REQUESTS: Record<string, string> = {
  'trending-7d': '/v1/trending-stocks?window=7d',
  'trending-30d': '/v1/trending-stocks?window=30d',
  'trending-90d': '/v1/trending-stocks?window=90d',
  'top-traders': '/v1/top-traders',
  summary: '/v1/analytics/summary',
  'recent-transactions': '/v1/transactions/recent',
};

export interface UpdateCacheResult {
  version: string;
  database: string;
  hot: string[];
  rowCounts: Record<string, number>;
  /** True when the pointer already named this gold version (a re-run): nothing was written. */
  unchanged: boolean;
}

async function publishedPointer(lake: ObjectStore): Promise<ServingPointer | null> {
  const raw = await lake.get(servingKeys.pointer());
  if (!raw) return null;
  const parsed = pointerSchema.safeParse(JSON.parse(new TextDecoder().decode(raw)));
  return parsed.success ? parsed.data : null;
}

export async function updateServingCache(lake: ObjectStore, options: { workDir: string }): Promise<UpdateCacheResult> {
  const listing = await listGold(lake);
  const current = await publishedPointer(lake);
  if (current?.version === listing.version && (await lake.head(current.database))) {
    return { version: current.version, database: current.database, hot: Object.keys(HOT_REQUESTS), rowCounts: current.rowCounts, unchanged: true };
  }
  // A directory of its own: two runs of the same batch may build the same version at once.
  await mkdir(options.workDir, { recursive: true });
  const workDir = await mkdtemp(join(options.workDir, 'build-'));
  const built = await prepareServing(lake, workDir, listing);
  try {
    const pointer: ServingPointer = {
      version: built.version,
      layout: SERVING_LAYOUT,
      seq: built.seq,
      builtAt: built.builtAt,
      asOfDate: built.asOfDate,
      rowCounts: built.rowCounts,
      database: servingKeys.database(built.version),
      hot: {},
    };
    const serving = await openServing({ lake, fixed: { file: built.file, pointer } });
    try {
      const api = createApi({ routes: HOUSE_FD_ROUTES, serving });
      for (const [name, request] of Object.entries(HOT_REQUESTS)) {
        const [path = '', query = ''] = request.split('?');
        const response = await api.handle({ rawPath: path, rawQueryString: query, requestContext: { http: { method: 'GET' } } });
        if (response.statusCode !== 200) throw new Error(`UpdateCache: ${request} answered ${response.statusCode}: ${response.body}`);
        const key = servingKeys.hot(built.version, name);
        await lake.put(key, response.body, 'application/json');
        pointer.hot[api.hotKey(path, query)] = key;
      }
    } finally {
      serving.close();
    }
    await lake.putFile(pointer.database, built.file);
    await lake.put(servingKeys.pointer(), `${JSON.stringify(pointer, null, 2)}\n`, 'application/json');
    return { version: built.version, database: pointer.database, hot: Object.keys(HOT_REQUESTS), rowCounts: built.rowCounts, unchanged: false };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
