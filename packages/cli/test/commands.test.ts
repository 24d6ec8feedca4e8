/**
 * Commands of packages that are not pipelines ("medallion": {"commands": …}): listed in usage and
 * dispatched by `lake <name>` (here `lake api` of @medallion/api), usage mistakes exit 2 with the
 * message, then the usage.
 */
import { afterEach, beforeEach, expect, it, jest } from '@jest/globals';
import { main } from '../src/cli';
import { commandRegistrations } from '../bin/workspace.mjs';

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => {
  jest.restoreAllMocks();
});

it('finds command files in the workspace and lists their usage', async () => {
  expect(commandRegistrations().map((r) => r.packageName)).toContain('@medallion/fn-api');
  expect(await main(['--help'])).toBe(0);
  expect(out.join('\n')).toContain('lake api serve [--lake DIR] [--port 8080]');
  expect(out.join('\n')).toContain('lake house-fd parse');
});

it('dispatches to the registered command; its usage mistakes exit 2', async () => {
  expect(await main(['api'])).toBe(2);
  expect(err[0]?.split('\n')[0]).toBe('lake: lake api needs a command: serve or examples');
  expect(await main(['api', 'serve', '--port', '99999'])).toBe(2);
  expect(err.at(-1)).toContain('--port 99999 is not a port number');
});
