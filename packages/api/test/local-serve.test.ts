/**
 * `lake api serve` and `lake api examples` (what `make demo` prints): the same handlers over
 * loopback HTTP, and every printed curl command works against the lake it was printed for.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { apiCommands } from '../src/commands';

const commands = apiCommands();
import { exampleRequests, serveApi, type LocalApi } from '../src/http-server';
import { buildFixtureLake } from './helpers/fixture-lake';
import { publish } from './helpers/api';

let lakeDir: string;
let local: LocalApi;
beforeAll(async () => {
  lakeDir = await buildFixtureLake();
  await publish(lakeDir);
  local = await serveApi({ lake: lakeDir, port: 0 });
}, 60_000);
afterAll(() => local.close());

const curl = promisify(execFile);

describe('lake api serve', () => {
  it('answers over HTTP with the Lambda handler’s status, headers and body', async () => {
    const r = await fetch(`${local.url}/v1/members/B000002`);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toMatch(/^"000002-/);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await r.json()) as { full_name: string }).full_name).toBe("Bob O'Brien");
    const bad = await fetch(`${local.url}/v1/members/B000002'--`);
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'invalid parameter bioguide_id: must be a bioguide id like P000197' }]);
    const cached = await fetch(`${local.url}/v1/members/B000002`, { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(cached.status).toBe(304);
  });

  it('every curl command `lake api examples` prints works', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const port = new URL(local.url).port;
    let printed: string;
    try {
      expect(await commands.api!.run(['examples', '--lake', lakeDir, '--port', port])).toBe(0);
      printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    } finally {
      log.mockRestore();
    }
    const lines = printed.split('\n').filter((l) => l.trim().startsWith('curl '));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(printed).toContain(`pnpm lake api serve --lake ${lakeDir} --port ${port}`);
    for (const line of lines) {
      const url = /'([^']+)'/.exec(line)![1]!;
      let body: string;
      try {
        body = (await curl('curl', ['-s', '-f', url])).stdout; // the printed command itself, when curl is installed
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${line}: ${(err as Error).message}`);
        const r = await fetch(url);
        expect([url, r.status]).toEqual([url, 200]);
        body = await r.text();
      }
      expect(JSON.parse(body)).toBeInstanceOf(Object);
    }
    expect(await exampleRequests(local.api, 'http://x')).toContain("curl -s 'http://x/v1/members/B000002/stats'");
  });

  it('usage mistakes are usage errors', async () => {
    await expect(commands.api!.run(['serve', '--port', 'eighty'])).rejects.toThrow('--port eighty is not a port number');
    await expect(commands.api!.run(['deploy'])).rejects.toThrow('unknown api command deploy');
  });
});
