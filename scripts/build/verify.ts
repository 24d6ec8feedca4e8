/**
 * `--verify`: extract a built zip into an empty directory and load it the way Lambda does, in a
 * fresh Node process whose task root is that directory: import index.mjs (every external
 * resolves, the native binding loads), check `handler`, run a query on DuckDB when shipped,
 * run the function's smoke invocation when it has one, then check each compiled addon shipped
 * beside index.mjs loads and (with an invocation) was the one the bundle used.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTRY_FILE, LAMBDA_PLATFORM, type NativeAddon } from './config';
import { smokeInvocation } from './smoke';
import { extractZip } from './zip';

export interface VerifyResult {
  ok: boolean;
  /** What was proven, e.g. ["import", "duckdb", "invoke"]. */
  checks: string[];
  skipped: string[];
  ms: number;
  error?: string;
}

/** Runs inside the extracted task root (cwd = LAMBDA_TASK_ROOT, like /var/task). */
const CHILD_SCRIPT = String.raw`
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const cfg = JSON.parse(process.env.MEDALLION_SMOKE);
const root = process.env.LAMBDA_TASK_ROOT;
const out = { checks: [] };
// Print the (source-mapped) stack only: Node's default report quotes the minified line.
process.on('uncaughtException', (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exit(1); });
process.on('unhandledRejection', (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exit(1); });
const mod = await import(pathToFileURL(join(root, cfg.entry)).href);
if (typeof mod.handler !== 'function') throw new Error(cfg.entry + ' does not export a handler function (got ' + typeof mod.handler + ')');
out.checks.push('import');
const req = createRequire(join(root, cfg.entry));
for (const name of cfg.packages) {
  const resolved = req.resolve(name);
  if (!resolved.startsWith(root + '/')) throw new Error(name + ' resolved outside the package: ' + resolved);
}
if (cfg.duckdb) {
  const { DuckDBInstance } = await import(pathToFileURL(req.resolve('@duckdb/node-api')).href);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const rows = (await con.runAndReadAll('SELECT 40 + 2 AS answer')).getRowObjects();
  if (Number(rows[0].answer) !== 42) throw new Error('DuckDB answered ' + JSON.stringify(rows));
  con.closeSync(); db.closeSync();
  out.checks.push('duckdb');
}
if (cfg.invoke) {
  const context = { functionName: cfg.name, functionVersion: '$LATEST', awsRequestId: 'smoke-' + Date.now(), invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:' + cfg.name, memoryLimitInMB: '1024', logGroupName: '/aws/lambda/' + cfg.name, logStreamName: 'smoke', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 60000, done() {}, fail() {}, succeed() {} };
  out.result = await mod.handler(cfg.invoke, context);
  out.checks.push('invoke');
}
for (const addon of cfg.addons) {
  const path = realpathSync(join(root, addon.file));
  // The invocation ran the module that loads it; had the bundle not found it beside itself, the JS fallback ran.
  if (cfg.invoke && !req.cache[path]) throw new Error(addon.file + ' is in the zip but the invocation did not load it');
  const loaded = req(path);
  const missing = addon.exports.filter((name) => typeof loaded[name] !== 'function');
  if (missing.length) throw new Error(addon.file + ' loads but lacks ' + missing.join(', '));
}
if (cfg.addons.length) out.checks.push('addon');
process.stdout.write('\n__MEDALLION_SMOKE__' + JSON.stringify(out, (k, v) => (typeof v === 'bigint' ? String(v) : v)) + '\n');
`;

interface ChildOutput {
  checks: string[];
  result?: unknown;
}

function runChild(dir: string, env: Record<string, string>, timeoutMs: number): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    // A clean environment: nothing from the build (NODE_OPTIONS, loaders, AWS profiles) leaks in.
    const child = spawn(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', CHILD_SCRIPT], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('__MEDALLION_SMOKE__'));
      if (code === 0 && line) return resolve(JSON.parse(line.slice('__MEDALLION_SMOKE__'.length)) as ChildOutput);
      const tail = (stderr || stdout).trim().split('\n').slice(-15).join('\n');
      reject(new Error(signal ? `killed (${signal}) after ${timeoutMs} ms` : `exit ${code}\n${tail}`));
    });
  });
}

export interface VerifyOptions {
  name: string;
  duckdb: boolean;
  /** Packages shipped under node_modules/: each must resolve inside the task root. */
  packages: string[];
  /** Compiled addons at the task root: each must load, and be the one the smoke invocation used. */
  addons?: NativeAddon[];
  root: string;
  /** Run the function's smoke invocation when it has one (default true). */
  invoke?: boolean;
  timeoutMs?: number;
  keep?: boolean;
}

export async function verifyZip(zipFile: string, opts: VerifyOptions): Promise<VerifyResult> {
  const started = Date.now();
  const scratch = await mkdtemp(join(tmpdir(), `medallion-verify-${opts.name}-`));
  const taskRoot = join(scratch, 'task');
  const skipped: string[] = [];
  try {
    await extractZip(await readFile(zipFile), taskRoot);
    const nativeHost = process.platform === LAMBDA_PLATFORM.os && process.arch === LAMBDA_PLATFORM.cpu;
    if (opts.duckdb && !nativeHost) {
      // The shipped binding is for Lambda; this host cannot load it.
      return {
        ok: true,
        checks: [],
        skipped: [`all (DuckDB binding is ${LAMBDA_PLATFORM.os}-${LAMBDA_PLATFORM.cpu}, host is ${process.platform}-${process.arch})`],
        ms: Date.now() - started,
      };
    }
    const invocation = opts.invoke === false ? null : await smokeInvocation(opts.name, opts.root, scratch);
    if (opts.invoke !== false && !invocation) skipped.push('invoke (no offline scenario)');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: scratch,
      TMPDIR: scratch,
      TZ: 'UTC',
      LANG: 'en_US.UTF-8',
      LAMBDA_TASK_ROOT: taskRoot,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'smoke',
      AWS_SECRET_ACCESS_KEY: 'smoke',
      LOG_LEVEL: 'SILENT',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      ...invocation?.env,
      MEDALLION_SMOKE: JSON.stringify({
        name: opts.name,
        entry: ENTRY_FILE,
        duckdb: opts.duckdb,
        packages: opts.packages,
        addons: (opts.addons ?? []).map((a) => ({ file: a.file, exports: a.exports })),
        invoke: invocation?.event,
      }),
    };
    const out = await runChild(taskRoot, env, opts.timeoutMs ?? 60_000);
    if (invocation) {
      const problem = invocation.check(out.result);
      if (problem) throw new Error(`smoke invocation (${invocation.label}): ${problem}`);
    }
    return { ok: true, checks: out.checks, skipped, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, checks: [], skipped, ms: Date.now() - started, error: (err as Error).message };
  } finally {
    if (!opts.keep) await rm(scratch, { recursive: true, force: true });
  }
}
