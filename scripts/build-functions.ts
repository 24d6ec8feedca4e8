/**
 * `make build` / `pnpm run build`: one deterministic Lambda zip per functions/<folder>.
 *
 *   tsx scripts/build-functions.ts [--only a,b] [--out dir] [--verify] [--no-invoke] [--report file.json]
 *
 *   --only     build these function folders only (comma-separated, or repeat the flag)
 *   --out      output folder (default dist/functions); zips are <out>/<folder>.zip
 *   --verify   extract each zip to a temp dir and load it as Lambda would (fresh Node process,
 *              task root = that dir): import index.mjs, DuckDB query when shipped, and an
 *              offline invocation where the function has one
 *   --no-invoke  with --verify: import and DuckDB checks only
 *   --report   also write the build report as JSON
 *
 * Each zip holds index.mjs (ESM, handler setting `index.handler`), index.mjs.map (run with
 * NODE_OPTIONS=--enable-source-maps), node_modules/ for native packages (DuckDB) when the bundle
 * imports them, the function's assets (soda/checks for run-quality-checks), and a process entry
 * where one is configured (ndjson-convert's task.mjs, the Fargate task's), and the compiled addons the bundle loads
 * from beside itself (NATIVE_ADDONS: row_scanner.node, built here for linux-x64 glibc ≤ 2.34, else left out with a
 * warning; --verify then proves the invocation used it). Functions that are also a
 * container image (CONTAINER_IMAGES) get <out>/../images/<folder>/: the zip's files unpacked plus
 * their Dockerfile, the image's build context. Exit code 1 when
 * a build, a size limit or a verification fails.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OUT_DIR, REPO_ROOT } from './build/config';
import { buildFunctions, formatTable } from './build/functions';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      out: { type: 'string' },
      verify: { type: 'boolean', default: false },
      'no-invoke': { type: 'boolean', default: false },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: tsx scripts/build-functions.ts [--only a,b] [--out dir] [--verify] [--no-invoke] [--report file.json]');
    return 0;
  }
  const only = (values.only ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  const outDir = values.out ? resolve(values.out) : DEFAULT_OUT_DIR;

  const report = await buildFunctions({
    root: REPO_ROOT,
    outDir,
    only,
    verify: values.verify,
    prune: outDir === DEFAULT_OUT_DIR,
    noInvoke: values['no-invoke'],
    log: (l) => console.log(l),
  });

  console.log(`\n${formatTable(report)}\n`);
  for (const r of report.functions) {
    for (const w of r.warnings) console.warn(`warning: ${r.name}: ${w}`);
    for (const e of r.errors) console.error(`error: ${r.name}: ${e}`);
  }
  console.log(`${report.functions.length} zip(s) in ${report.outDir} (${(report.ms / 1000).toFixed(1)} s)`);
  if (values.report) await writeFile(resolve(values.report), `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
