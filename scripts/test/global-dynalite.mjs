/**
 * Jest global setup/teardown: one in-memory dynalite for the whole run, its endpoint handed to every worker in
 * MEDALLION_TEST_DYNAMO_ENDPOINT (workers inherit the environment). Suites take their own tables on it through
 * `testLocalDynamo(prefix)` (@medallion/local) instead of each starting an emulator. It runs in jest's parent
 * process, which is idle while workers run tests. Plain .mjs: jest loads it before any transform.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ENDPOINT_ENV = 'MEDALLION_TEST_DYNAMO_ENDPOINT';

export async function setup() {
  if (process.env[ENDPOINT_ENV]) return; // e.g. an emulator the caller already runs
  const dynalite = require('dynalite'); // CommonJS, no types
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  process.env[ENDPOINT_ENV] = `http://127.0.0.1:${server.address().port}`;
  globalThis.__medallionTestDynalite = server;
}

export async function teardown() {
  const server = globalThis.__medallionTestDynalite;
  if (!server) return;
  delete process.env[ENDPOINT_ENV];
  await new Promise((resolve) => server.close(() => resolve()));
}

export default setup;
