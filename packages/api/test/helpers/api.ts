import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localStore } from '@medallion/lake';
import { createApi, type Api, type HttpResult } from '../../src/router';
import { HOUSE_FD_ROUTES } from '../../src/routes/index';
import { openServing, type ServingSource } from '../../src/serving';
import { updateServingCache } from '../../src/serving-publish';
import { buildFixtureLake } from './fixture-lake';

export interface TestApi {
  lakeDir: string;
  api: Api;
  serving: ServingSource;
  get(url: string, headers?: Record<string, string>): Promise<HttpResult>;
  json(url: string): Promise<unknown>;
}

export async function publish(lakeDir: string) {
  return updateServingCache(localStore(lakeDir), { workDir: await mkdtemp(join(tmpdir(), 'api-work-')) });
}

/** The fixture lake with UpdateCache run (unless publishCache is false), and an API over it. */
export async function testApi(options: { publishCache?: boolean; lakeDir?: string } = {}): Promise<TestApi> {
  const lakeDir = options.lakeDir ?? (await buildFixtureLake());
  if (options.publishCache !== false) await publish(lakeDir);
  const serving = await openServing({ lake: localStore(lakeDir), checkIntervalMs: 0, workDir: await mkdtemp(join(tmpdir(), 'api-fallback-')) });
  const api = createApi({ routes: HOUSE_FD_ROUTES, serving });
  const get = (url: string, headers: Record<string, string> = {}) => {
    const [path = '', query = ''] = url.split(/\?(.*)/s);
    return api.handle({ rawPath: path, rawQueryString: query, headers, requestContext: { http: { method: 'GET' } } });
  };
  return {
    lakeDir,
    api,
    serving,
    get,
    async json(url) {
      const r = await get(url);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return JSON.parse(r.body);
    },
  };
}
