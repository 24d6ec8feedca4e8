/**
 * The ndjson-convert Fargate image's contents, as `make build` produces them (Docker cannot run here): the build
 * context dist/images/ndjson-convert holds the Dockerfile, the handler bundle and task.mjs (the container's
 * ENTRYPOINT, runConvertTask) with the linux-x64 DuckDB binding; task.mjs runs as a process from that folder and
 * converts a manifest read from its lake key (NDJSON_MANIFEST_KEY, as the RunFargateByKey state passes it).
 * The compiled row scanner (row_scanner.node) ships beside both entries, and both load it from there.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { NATIVE_ADDONS, REPO_ROOT } from '../build/config';
import { addonProblem } from '../build/native';
import { verifyZip } from '../build/verify';
import { deterministicZip, readZip } from '../build/zip';

/** Preloaded into a process: writes the files it dlopen()s (native addons) to $DLOPEN_LOG at exit. */
const DLOPEN_LOG = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; const seen = []; const dlopen = process.dlopen; process.dlopen = function (m, f, ...r) { seen.push(f); return dlopen.call(this, m, f, ...r); }; process.on('exit', () => writeFileSync(process.env.DLOPEN_LOG, seen.join('\\n')));",
)}`;
const SCANNER = NATIVE_ADDONS.filter((a) => a.file === 'row_scanner.node');
// The build ships the addon only when it can compile it for Lambda here (linux-x64 glibc, a C compiler).
const shipsScanner = () => existsSync(join(image, 'row_scanner.node'));

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
  const scanner = shipsScanner() ? ['row_scanner.node'] : [];
  expect(readdirSync(image).sort()).toEqual(['Dockerfile', 'index.mjs', 'index.mjs.map', 'node_modules', ...scanner, 'task.mjs', 'task.mjs.map']);
  expect(readFileSync(join(image, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'functions/ndjson-convert/Dockerfile'), 'utf8'));
  expect(existsSync(join(image, 'node_modules/@duckdb/node-bindings-linux-x64'))).toBe(true);
  const zip = readZip(readFileSync(join(work, 'functions', 'ndjson-convert.zip')));
  expect(zip.map((e) => e.path)).toEqual(expect.arrayContaining(['index.mjs', 'task.mjs', 'task.mjs.map', ...scanner]));
  const addon = zip.find((e) => e.path === 'row_scanner.node');
  if (addon) expect(addonProblem(addon.data)).toBeNull();
});

it('verify proves the zip loads its row scanner from beside index.mjs, and fails when the bundle cannot find it', async () => {
  if (!shipsScanner()) return;
  const zipFile = join(work, 'functions', 'ndjson-convert.zip');
  const ok = await verifyZip(zipFile, { name: 'ndjson-convert', duckdb: true, packages: ['@duckdb/node-api'], addons: SCANNER, root: REPO_ROOT });
  expect(ok).toMatchObject({ ok: true, checks: ['import', 'duckdb', 'invoke', 'addon'] });
  // Moved out of index.mjs's folder: the invocation runs on the JS scanner, and verify says so.
  const moved = readZip(readFileSync(zipFile)).map((e) => (e.path === 'row_scanner.node' ? { ...e, path: 'lib/row_scanner.node' } : e));
  writeFileSync(join(work, 'moved.zip'), await deterministicZip(moved));
  const bad = await verifyZip(join(work, 'moved.zip'), {
    name: 'ndjson-convert',
    duckdb: true,
    packages: ['@duckdb/node-api'],
    addons: SCANNER.map((a) => ({ ...a, file: 'lib/row_scanner.node' })),
    root: REPO_ROOT,
  });
  expect(bad.ok).toBe(false);
  expect(bad.error).toMatch(/lib\/row_scanner\.node is in the zip but the invocation did not load it/);
}, 60_000);

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
  const run = (extra: Record<string, string>, preload: string[] = []) =>
    spawnSync(process.execPath, [...preload, 'task.mjs'], { cwd: image, env: { ...env, ...extra }, encoding: 'utf8' });
  const log = join(work, 'dlopen.log');
  const ok = run({ NDJSON_MANIFEST_ID: 'm-image', NDJSON_MANIFEST_KEY: '_manifests/ndjson/m-image.json', DLOPEN_LOG: log }, ['--import', DLOPEN_LOG]);
  expect([ok.status, ok.stderr]).toEqual([0, '']);
  // The container's entry found the compiled scanner beside itself (/app/row_scanner.node).
  if (shipsScanner()) expect(readFileSync(log, 'utf8').split('\n')).toContain(join(image, 'row_scanner.node'));
  expect(JSON.parse(ok.stdout)).toMatchObject({ manifestId: 'm-image', files: 80, rowsWritten: 80, quarantined: { not_json: 80 } });
  const usage = run({});
  expect(usage.status).toBe(2);
  expect(usage.stdout.trim().split('\n')).toHaveLength(1);
});
