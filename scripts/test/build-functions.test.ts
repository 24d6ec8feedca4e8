/**
 * `make build` end to end on two functions (kept small for CI): one that ships DuckDB and reads
 * soda/checks at runtime, one that ships neither. The build runs as the CLI does, in its own
 * process (esbuild's JS API does not run inside jest's VM), with --verify: each zip is extracted
 * and loaded by a fresh Node process the way Lambda loads it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT, ZIP_FILE_MODE } from '../build/config';
import type { BuildReport } from '../build/functions';
import { verifyZip } from '../build/verify';
import { deterministicZip, readZip } from '../build/zip';

const WITH_DUCKDB = 'run-quality-checks';
const WITHOUT_DUCKDB = 'house-fd-ingest-zip';

function build(args: string[]): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-functions.ts', ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

let work: string;
let report: BuildReport;
let output: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'build-functions-test-'));
  const res = await build(['--only', `${WITH_DUCKDB},${WITHOUT_DUCKDB}`, '--out', join(work, 'a'), '--verify', '--report', join(work, 'report.json')]);
  output = res.output;
  if (res.code !== 0) throw new Error(`build failed (exit ${res.code}):\n${res.output}`);
  report = JSON.parse(await readFile(join(work, 'report.json'), 'utf8')) as BuildReport;
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * What each central directory entry says about itself: the fields that make a zip deterministic.
 * fflate reads the data but does not report these, so the test reads them (APPNOTE 4.3.12).
 */
function entryHeaders(zip: Buffer): { path: string; madeBy: number; mode: number; dosDate: number; dosTime: number; extra: number }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const out = [];
  for (let n = 0, p = zip.readUInt32LE(eocd + 16); n < zip.readUInt16LE(eocd + 10); n++) {
    const nameLength = zip.readUInt16LE(p + 28);
    out.push({
      path: zip.toString('utf8', p + 46, p + 46 + nameLength),
      madeBy: zip.readUInt8(p + 5),
      mode: zip.readUInt32LE(p + 38) >>> 16,
      dosTime: zip.readUInt16LE(p + 12),
      dosDate: zip.readUInt16LE(p + 14),
      extra: zip.readUInt16LE(p + 30),
    });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

const fn = (name: string) => {
  const r = report.functions.find((f) => f.name === name);
  if (!r) throw new Error(`no report for ${name}`);
  return r;
};

describe('scripts/build-functions.ts', () => {
  it('builds only the requested functions and prints the size table', async () => {
    expect(report.ok).toBe(true);
    expect(report.functions.map((f) => f.name)).toEqual([WITHOUT_DUCKDB, WITH_DUCKDB]);
    expect((await readdir(join(work, 'a'))).filter((f) => f.endsWith('.zip')).sort()).toEqual([`${WITHOUT_DUCKDB}.zip`, `${WITH_DUCKDB}.zip`]);
    expect(output).toMatch(/function\s+index\.mjs\s+map\s+unzipped\s+zip\s+duckdb\s+verify/);
    expect(output).toMatch(/total \(2\)/);
  });

  it('loads each zip as Lambda would: handler exported, DuckDB binding resolved and queried, checks found', () => {
    expect(fn(WITH_DUCKDB)).toMatchObject({ duckdb: true, externalImports: ['@duckdb/node-api'] });
    expect(fn(WITH_DUCKDB).verify).toMatchObject({ ok: true, checks: ['import', 'duckdb', 'invoke'] });
    expect(fn(WITHOUT_DUCKDB)).toMatchObject({ duckdb: false, externalImports: [], packages: [] });
    expect(fn(WITHOUT_DUCKDB).verify).toMatchObject({ ok: true, checks: ['import'] });
  });

  it('ships the linux-x64 glibc binding with DuckDB, and the checks files the gate reads', async () => {
    const entries = readZip(await readFile(fn(WITH_DUCKDB).zipFile));
    const paths = entries.map((e) => e.path);
    expect(paths.slice(0, 2)).toEqual(['index.mjs', 'index.mjs.map']);
    expect(paths).toContain('node_modules/@duckdb/node-api/package.json');
    expect(paths).toContain('node_modules/@duckdb/node-bindings/duckdb.js');
    expect(paths).toContain('node_modules/@duckdb/node-bindings-linux-x64/duckdb.node');
    expect(paths.some((p) => /node-bindings-(darwin|win32|linux-arm64|linux-x64-musl)/.test(p))).toBe(false);
    expect(paths.some((p) => p.endsWith('.d.ts'))).toBe(false);
    const checks = (await readdir(join(REPO_ROOT, 'soda', 'checks'))).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(paths.filter((p) => p.startsWith('soda/'))).toEqual(checks.map((f) => `soda/checks/${f}`));

    const bundle = readZip(await readFile(fn(WITHOUT_DUCKDB).zipFile));
    expect(bundle.map((e) => e.path)).toEqual(['index.mjs', 'index.mjs.map']);
    const code = Buffer.from(bundle[0].data).toString('utf8');
    expect(code.startsWith("import { createRequire as __medallionCreateRequire } from 'node:module';")).toBe(true);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    const map = JSON.parse(Buffer.from(bundle[1].data).toString('utf8')) as { sources: string[] };
    expect(map.sources).toContain(`functions/${WITHOUT_DUCKDB}/src/index.ts`);
  });

  it('writes deterministic zips: sorted entries, one timestamp and mode, identical bytes on rebuild', async () => {
    for (const name of [WITH_DUCKDB, WITHOUT_DUCKDB]) {
      const zip = await readFile(fn(name).zipFile);
      const entries = entryHeaders(zip);
      const paths = entries.map((e) => e.path);
      expect(paths).toEqual(readZip(zip).map((e) => e.path));
      expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      for (const e of entries) {
        expect(e).toEqual({ path: e.path, madeBy: 3, mode: ZIP_FILE_MODE, dosDate: entries[0].dosDate, dosTime: 0, extra: 0 });
      }
      expect(entries[0].dosDate).toBe(((2020 - 1980) << 9) | (1 << 5) | 1);
      // Rezipping what it holds gives the same bytes: nothing but paths and contents goes in.
      expect((await deterministicZip(readZip(zip))).equals(zip)).toBe(true);
    }
    // A second build into another folder: same bytes (paths in the source map do not depend on --out).
    const again = await build(['--only', WITHOUT_DUCKDB, '--out', join(work, 'b')]);
    expect(again.code).toBe(0);
    const [a, b] = await Promise.all([readFile(fn(WITHOUT_DUCKDB).zipFile), readFile(join(work, 'b', `${WITHOUT_DUCKDB}.zip`))]);
    expect(b.equals(a)).toBe(true);
  }, 120_000);

  it('verify fails a zip whose native packages are missing', async () => {
    const entries = readZip(await readFile(fn(WITH_DUCKDB).zipFile)).filter((e) => !e.path.startsWith('node_modules/'));
    const broken = join(work, 'broken.zip');
    await writeFile(broken, await deterministicZip(entries));
    const result = await verifyZip(broken, { name: WITH_DUCKDB, duckdb: true, packages: ['@duckdb/node-api'], root: REPO_ROOT, invoke: false });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/@duckdb\/node-api/);
  }, 60_000);

  it('rejects an unknown function folder', async () => {
    const res = await build(['--only', 'no-such-function', '--out', join(work, 'c')]);
    expect(res.code).toBe(1);
    expect(res.output).toMatch(/unknown function folder\(s\): no-such-function/);
  }, 60_000);
});
