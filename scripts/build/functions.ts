/**
 * Build every functions/<folder> into <out>/<folder>.zip: bundle, add the shipped native
 * packages and assets, zip deterministically, check Lambda's size limits, optionally verify.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { bundleFunctions, type BundleResult } from './bundle';
import { CONTAINER_IMAGES, ENTRY_FILE, FUNCTION_ASSETS, LAMBDA_PLATFORM, NATIVE_ADDONS, LIMIT_UNZIPPED_BYTES, LIMIT_ZIPPED_BYTES, WARN_SHARE } from './config';
import { collectRuntimePackages, packageFiles } from './externals';
import { addonBuilder, type BuiltAddon } from './native';
import { verifyZip, type VerifyResult } from './verify';
import { deterministicZip, type ZipInput } from './zip';

export interface BuildOptions {
  root: string;
  outDir: string;
  /** Function folders to build; all when empty. */
  only?: string[];
  verify?: boolean;
  /** Skip the smoke invocations during verify (import + DuckDB query only). */
  noInvoke?: boolean;
  /** On a full build, delete <out>/*.zip of functions that no longer exist (the default dist/functions only). */
  prune?: boolean;
  log?: (line: string) => void;
}

export interface FunctionReport {
  name: string;
  zipFile: string;
  /** index.mjs */
  bundleBytes: number;
  mapBytes: number;
  unzippedBytes: number;
  zipBytes: number;
  files: number;
  duckdb: boolean;
  /** Shipped packages, name@version. */
  packages: string[];
  /** Bare imports index.mjs leaves to Node (resolved from node_modules/ in the zip). */
  externalImports: string[];
  assets: string[];
  /** Compiled addons shipped beside index.mjs (NATIVE_ADDONS), e.g. row_scanner.node. */
  addons: string[];
  /** The container image's build context (CONTAINER_IMAGES): the zip's files unpacked, and its Dockerfile. */
  imageContext?: string;
  sha256: string;
  /** false when the zip on disk already had these bytes (left untouched). */
  changed: boolean;
  warnings: string[];
  errors: string[];
  verify?: VerifyResult;
  ms: number;
}

export interface BuildReport {
  outDir: string;
  functions: FunctionReport[];
  ok: boolean;
  ms: number;
}

/** functions/<folder> with a src/index.ts, sorted. */
export async function discoverFunctions(root: string): Promise<string[]> {
  const dir = join(root, 'functions');
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'src', 'index.ts')) && existsSync(join(dir, e.name, 'package.json')))
    .map((e) => e.name)
    .sort();
}

/** Bounded concurrency, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** File contents shared between functions (the DuckDB library is read once, not seven times). */
const fileCache = new Map<string, Promise<Buffer>>();
const readCached = (file: string): Promise<Buffer> => {
  let p = fileCache.get(file);
  if (!p) fileCache.set(file, (p = readFile(file)));
  return p;
};

type AddonBuild = (addon: BundleResult['addons'][number]) => Promise<BuiltAddon>;

async function packageOne(name: string, bundle: BundleResult, opts: BuildOptions, buildAddon: AddonBuild): Promise<FunctionReport> {
  const started = Date.now();
  const errors: string[] = [];
  const warnings = [...bundle.warnings];
  const packages = collectRuntimePackages(bundle.externals, LAMBDA_PLATFORM);
  const inputs: ZipInput[] = [{ path: ENTRY_FILE, data: bundle.code }, { path: `${ENTRY_FILE}.map`, data: bundle.map }, ...bundle.extraFiles];
  for (const pkg of packages) {
    for (const f of await packageFiles(pkg)) inputs.push({ path: f.zipPath, data: await readCached(f.file) });
  }
  const assets: string[] = [];
  for (const asset of FUNCTION_ASSETS[name] ?? []) {
    const from = join(opts.root, asset.from);
    const files = (await readdir(from)).filter((f) => asset.include.test(f)).sort();
    if (files.length === 0) throw new Error(`${name}: no files matching ${asset.include} in ${asset.from}`);
    for (const f of files) {
      const path = `${asset.to}/${f}`;
      inputs.push({ path, data: await readFile(join(from, f)) });
      assets.push(path);
    }
  }
  // Beside index.mjs (and task.mjs): the bundle looks for it relative to its own import.meta.url.
  const addons: string[] = [];
  for (const built of await Promise.all(bundle.addons.map(buildAddon))) {
    if (built.error) errors.push(built.error);
    if (built.warning) warnings.push(built.warning);
    if (!built.data) continue;
    inputs.push({ path: built.addon.file, data: built.data });
    addons.push(built.addon.file);
  }

  const zip = await deterministicZip(inputs);
  const zipFile = join(opts.outDir, `${name}.zip`);
  const sha256 = createHash('sha256').update(zip).digest('base64');
  let changed = true;
  if (existsSync(zipFile)) {
    const old = await readFile(zipFile);
    changed = !old.equals(zip);
  }
  if (changed) {
    await writeFile(`${zipFile}.tmp`, zip);
    await rename(`${zipFile}.tmp`, zipFile);
  }
  await mkdir(join(opts.outDir, '.meta'), { recursive: true });
  await writeFile(join(opts.outDir, '.meta', `${name}.json`), JSON.stringify(bundle.metafile));

  const image = CONTAINER_IMAGES[name] ? await writeImageContext(name, inputs, opts) : undefined;

  const unzippedBytes = inputs.reduce((s, i) => s + i.data.byteLength, 0);
  const limit = (what: string, bytes: number, max: number) => {
    if (bytes > max) errors.push(`${what} ${mb(bytes)} exceeds Lambda's ${mb(max)} limit`);
    else if (bytes > max * WARN_SHARE) warnings.push(`${what} ${mb(bytes)} is over ${Math.round(WARN_SHARE * 100)}% of Lambda's ${mb(max)} limit`);
  };
  limit('zipped', zip.length, LIMIT_ZIPPED_BYTES);
  limit('unzipped', unzippedBytes, LIMIT_UNZIPPED_BYTES);

  return {
    name,
    zipFile,
    bundleBytes: bundle.code.byteLength,
    mapBytes: bundle.map.byteLength,
    unzippedBytes,
    zipBytes: zip.length,
    files: inputs.length,
    duckdb: packages.some((p) => p.name === '@duckdb/node-api'),
    packages: packages.map((p) => `${p.name}@${p.version}`),
    externalImports: [...bundle.externals.keys()].sort(),
    assets,
    addons,
    ...(image ? { imageContext: image } : {}),
    sha256,
    changed,
    warnings,
    errors,
    ms: Date.now() - started,
  };
}

/**
 * Unpack a function's files as a container image's build context, `<out>/../images/<name>`, with its Dockerfile:
 * `docker build <context>` then builds the image ECR holds (docs/DEPLOYMENT.md). Rewritten whole each build.
 */
async function writeImageContext(name: string, inputs: ZipInput[], opts: BuildOptions): Promise<string> {
  const dir = join(resolve(opts.outDir), '..', 'images', name);
  await rm(dir, { recursive: true, force: true });
  for (const input of inputs) {
    await mkdir(dirname(join(dir, input.path)), { recursive: true });
    await writeFile(join(dir, input.path), input.data);
  }
  await copyFile(join(opts.root, CONTAINER_IMAGES[name].dockerfile), join(dir, 'Dockerfile'));
  return dir;
}

export async function buildFunctions(opts: BuildOptions): Promise<BuildReport> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const root = resolve(opts.root);
  const outDir = resolve(opts.outDir);
  const all = await discoverFunctions(root);
  const only = opts.only?.filter(Boolean) ?? [];
  const unknown = only.filter((f) => !all.includes(f));
  if (unknown.length) throw new Error(`unknown function folder(s): ${unknown.join(', ')} (have: ${all.join(', ')})`);
  const names = only.length ? all.filter((f) => only.includes(f)) : all;
  await mkdir(outDir, { recursive: true });

  if (opts.prune && !only.length) {
    // A full build owns dist/functions: drop zips of functions that no longer exist.
    for (const f of await readdir(outDir)) {
      if (f.endsWith('.zip') && !names.includes(f.slice(0, -4))) await rm(join(outDir, f));
    }
  }

  const bundleStarted = Date.now();
  const bundles = await bundleFunctions(root, names);
  log(`bundled ${names.length} function(s) in ${((Date.now() - bundleStarted) / 1000).toFixed(1)} s`);

  const buildAddon = addonBuilder(root, join(outDir, '.native'));
  // Deflating the DuckDB library (~70 MB) is the slow part: zlib runs on libuv's thread pool.
  const reports = await mapLimit(names, Math.max(1, Math.min(4, availableParallelism())), async (name) => {
    const r = await packageOne(name, bundles.get(name)!, { ...opts, root, outDir }, buildAddon);
    log(`zipped ${name} in ${(r.ms / 1000).toFixed(1)} s${r.changed ? '' : ' (unchanged)'}`);
    return r;
  });

  if (opts.verify) {
    // One at a time: each loads a bundle (and maybe DuckDB) in its own process.
    for (const r of reports) {
      r.verify = await verifyZip(r.zipFile, {
        name: r.name,
        duckdb: r.duckdb,
        packages: r.externalImports,
        addons: NATIVE_ADDONS.filter((a) => r.addons.includes(a.file)),
        root,
        invoke: !opts.noInvoke,
      });
      const v = r.verify;
      log(
        `verify ${r.name}: ${v.ok ? `ok [${v.checks.join(', ')}]` : 'FAILED'} in ${(v.ms / 1000).toFixed(1)} s${v.skipped.length ? `; skipped ${v.skipped.join('; ')}` : ''}`,
      );
      if (!v.ok) r.errors.push(`verify failed: ${v.error}`);
    }
  }

  return { outDir, functions: reports, ok: reports.every((r) => r.errors.length === 0), ms: Date.now() - started };
}

export const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 1)} MB`;

/** The size table `make build` prints. */
export function formatTable(report: BuildReport): string {
  const head = ['function', 'index.mjs', 'map', 'unzipped', 'zip', 'duckdb', 'verify'];
  const rows = report.functions.map((r) => [
    r.name,
    mb(r.bundleBytes),
    mb(r.mapBytes),
    mb(r.unzippedBytes),
    mb(r.zipBytes),
    r.duckdb ? 'yes' : 'no',
    r.verify ? (r.verify.ok ? r.verify.checks.join('+') || 'skipped' : 'FAILED') : '-',
  ]);
  const sum = (k: 'bundleBytes' | 'mapBytes' | 'unzippedBytes' | 'zipBytes') => report.functions.reduce((s, r) => s + r[k], 0);
  rows.push([
    `total (${report.functions.length})`,
    mb(sum('bundleBytes')),
    mb(sum('mapBytes')),
    mb(sum('unzippedBytes')),
    mb(sum('zipBytes')),
    String(report.functions.filter((r) => r.duckdb).length),
    '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...rows.slice(0, -1).map(line), rule, line(rows.at(-1)!)].join('\n');
}
