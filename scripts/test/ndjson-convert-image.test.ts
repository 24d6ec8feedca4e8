/**
 * The ndjson-convert Fargate image's contents, as `make build` produces them (Docker cannot run here): the build
 * context dist/images/ndjson-convert holds the Dockerfile, the handler bundle and task.mjs (the container's
 * ENTRYPOINT, runConvertTask) with the linux-x64 DuckDB binding; task.mjs runs as a process from that folder and
 * converts a manifest read from its lake key (NDJSON_MANIFEST_KEY, as the RunFargateByKey state passes it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { REPO_ROOT } from '../build/config';
import { readZip } from '../build/zip';

let work: string;
let image: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ndjson-image-test-'));
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const res = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-functions.ts', '--only', 'ndjson-convert', '--out', join(work, 'functions')], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
  if (res.code !== 0) throw new Error(`build failed (exit ${res.code}):\n${res.output}`);
  image = join(work, 'images', 'ndjson-convert');
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it('writes the image context: Dockerfile, handler, task entry and the linux-x64 DuckDB binding; the zip has task.mjs too', () => {
  expect(readdirSync(image).sort()).toEqual(['Dockerfile', 'index.mjs', 'index.mjs.map', 'node_modules', 'task.mjs', 'task.mjs.map']);
  expect(readFileSync(join(image, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'functions/ndjson-convert/Dockerfile'), 'utf8'));
  expect(existsSync(join(image, 'node_modules/@duckdb/node-bindings-linux-x64'))).toBe(true);
  const zip = readZip(readFileSync(join(work, 'functions', 'ndjson-convert.zip')));
  expect(zip.map((e) => e.path)).toEqual(expect.arrayContaining(['index.mjs', 'task.mjs', 'task.mjs.map']));
});

it('runs task.mjs as the container would: a manifest from its lake key converted; a usage error is exit 2 in one line', () => {
  const input = join(work, 'input');
  const lake = join(work, 'lake');
  mkdirSync(join(input, '2026-12-01'), { recursive: true });
  const files = Array.from({ length: 80 }, (_, i) => {
    const key = `2026-12-01/f${String(i).padStart(3, '0')}.ndjson`;
    const body = `{"i":${i}}\nnot json\n`;
    writeFileSync(join(input, key), body);
    return { date_prefix: '2026-12-01', file_key: key, size: body.length, etag: `e${i}` };
  });
  mkdirSync(join(lake, '_manifests/ndjson'), { recursive: true });
  const manifest = { manifest_id: 'm-image', bytes: files.reduce((n, f) => n + f.size, 0), files };
  writeFileSync(join(lake, '_manifests/ndjson/m-image.json'), JSON.stringify(manifest));
  const env = { PATH: process.env.PATH, MEDALLION_LAKE_URI: lake, NDJSON_INPUT_URI: input, LOG_LEVEL: 'ERROR', NODE_OPTIONS: '--enable-source-maps' };
  const run = (extra: Record<string, string>) => spawnSync(process.execPath, ['task.mjs'], { cwd: image, env: { ...env, ...extra }, encoding: 'utf8' });
  const ok = run({ NDJSON_MANIFEST_ID: 'm-image', NDJSON_MANIFEST_KEY: '_manifests/ndjson/m-image.json' });
  expect([ok.status, ok.stderr]).toEqual([0, '']);
  expect(JSON.parse(ok.stdout)).toMatchObject({ manifestId: 'm-image', files: 80, rowsWritten: 80, quarantined: { not_json: 80 } });
  const usage = run({});
  expect(usage.status).toBe(2);
  expect(usage.stdout.trim().split('\n')).toHaveLength(1);
});
