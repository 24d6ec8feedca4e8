/**
 * `make bench`: runs the registered benchmarks and appends their results to docs/BENCHMARKS.md.
 *   BENCH_SIZES=100000,1000000   silver row counts (default 1000000,10000000)
 *   BENCH_ONLY=gold-build        run only these benchmarks (comma-separated: gold-build, quality, cli-startup, ndjson-convert, ndjson-manifest-builder, ohlcv-resample, api, correlation-build, congress-pipeline, lobbying-pipeline)
 *   BENCH_API_REQUESTS=1200      requests per endpoint per repeat for api (1M facts, 500 members)
 *   BENCH_CORRELATION_TRADES=N   trades generated for correlation-build (default 15000)
 *   BENCH_CONGRESS_BILLS=N       bills in bronze for congress-pipeline (default 15000; BENCH_REPEAT, default 3)
 *   BENCH_LOBBYING_FILINGS=N     LDA filings in bronze for lobbying-pipeline (default 20000; BENCH_REPEAT, default 3)
 *   BENCH_CLI_RUNS=7             runs per command for cli-startup (median kept; BENCH_CLI_TSX_RUNS for tsx, 3)
 *   BENCH_REPEAT=3               runs per mode, fastest kept (default 1)
 *   BENCH_NDJSON_MB=1024         NDJSON generated for ndjson-convert, in MiB (default 128; BENCH_NDJSON_FILES, 64;
 *                                BENCH_NDJSON_POISON: one share of poison lines, instead of both 0 and 0.001)
 *   BENCH_BUILDER_FILES=100000   files through the NDJSON manifest builder (ndjson-manifest-builder; BENCH_BUILDER_CONCURRENCY: SQS batches at once, 1)
 *   BENCH_OHLCV_SYMBOLS=5350     ohlcv-resample size: symbols × BENCH_OHLCV_DAYS trading days (default 5350 × 500)
 *   BENCH_NO_RECORD=1            print only, do not touch docs/BENCHMARKS.md
 * Generated data lives under .bench/ (gitignored); `make clean` removes it.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { benchGoldBuild, GOLD_BENCH_DEFAULTS, goldBenchMarkdown } from './gold-build';
import { BENCHMARKS_DOC } from './paths';

interface Benchmark {
  name: string;
  /** Runs the benchmark and returns a markdown section body. */
  run(sizes: number[]): Promise<string>;
}

const BENCHMARKS: Benchmark[] = [
  {
    name: 'gold-build',
    async run(sizes) {
      const settings = { ...GOLD_BENCH_DEFAULTS, repeat: Number(process.env.BENCH_REPEAT ?? GOLD_BENCH_DEFAULTS.repeat) };
      const results = [];
      for (const rows of sizes) {
        console.log(`gold-build: ${rows.toLocaleString('en-US')} rows`);
        const result = await benchGoldBuild(rows, settings);
        console.log(`  ratio ${result.ratio.toFixed(2)}×, outputs identical: ${result.identical}`);
        results.push(result);
      }
      return goldBenchMarkdown(results, settings);
    },
  },
  {
    // The quality-gate benchmark has its own fixed size; imported lazily so a problem there
    // never stops the other benchmarks from loading.
    name: 'quality',
    async run() {
      const { runQualityBench } = await import('./quality');
      console.log('quality: SodaCL checks over generated facts');
      return `#### quality gate — SodaCL checks compiled to DuckDB\n\n${(await runQualityBench()).section}`;
    },
  },
  {
    // How long `lake` takes to start (the bundled CLI, and tsx for comparison): median of BENCH_CLI_RUNS.
    name: 'cli-startup',
    async run() {
      const { benchCliStartup, cliStartupMarkdown } = await import('./cli-startup');
      console.log('cli-startup: lake --help and lake run … --help');
      return cliStartupMarkdown(await benchCliStartup());
    },
  },
  {
    // convertManifest vs a bare DuckDB read_json → Parquet COPY on the same generated files (size: BENCH_NDJSON_MB).
    name: 'ndjson-convert',
    async run() {
      const { benchNdjsonConvert, ndjsonBenchMarkdown, NDJSON_BENCH_DEFAULTS: d } = await import('./ndjson-convert');
      const base = {
        ...d,
        megabytes: Number(process.env.BENCH_NDJSON_MB ?? d.megabytes),
        files: Number(process.env.BENCH_NDJSON_FILES ?? d.files),
        repeat: Number(process.env.BENCH_REPEAT ?? d.repeat),
      };
      // Two inputs unless one is asked for: files without a bad line (what the bare COPY reads as written, and what
      // most files are) and poison in every file (the bare COPY then needs ignore_errors and drops lines silently).
      const rates = process.env.BENCH_NDJSON_POISON === undefined ? [0, d.poisonRate] : [Number(process.env.BENCH_NDJSON_POISON)];
      const sections: string[] = [];
      for (const poisonRate of rates) {
        console.log(`ndjson-convert: ${base.megabytes} MiB of NDJSON, poison rate ${poisonRate}`);
        sections.push(ndjsonBenchMarkdown(await benchNdjsonConvert({ ...base, poisonRate })));
      }
      return sections.join('\n\n');
    },
  },
  {
    // N files through the manifest builder's real path against dynalite: files/s, DynamoDB requests per file, claim latency.
    name: 'ndjson-manifest-builder',
    async run() {
      const { benchManifestBuilder, builderBenchMarkdown, BUILDER_BENCH_DEFAULTS: d } = await import('./ndjson-manifest-builder');
      const settings = {
        ...d,
        files: Number(process.env.BENCH_BUILDER_FILES ?? d.files),
        concurrency: Number(process.env.BENCH_BUILDER_CONCURRENCY ?? d.concurrency),
        shards: Number(process.env.NDJSON_SHARDS ?? d.shards),
      };
      console.log(`ndjson-manifest-builder: ${settings.files.toLocaleString('en-US')} files`);
      return builderBenchMarkdown(await benchManifestBuilder(settings));
    },
  },
  {
    // Generated bars resampled into all six intervals: full rebuild vs one plain DuckDB statement, then one new day incremental.
    name: 'ohlcv-resample',
    async run() {
      const { benchOhlcvResample, ohlcvBenchMarkdown, OHLCV_BENCH_DEFAULTS: d } = await import('./ohlcv-resample');
      const settings = {
        symbols: Number(process.env.BENCH_OHLCV_SYMBOLS ?? d.symbols),
        days: Number(process.env.BENCH_OHLCV_DAYS ?? d.days),
        repeat: Number(process.env.BENCH_REPEAT ?? d.repeat),
      };
      console.log(`ohlcv-resample: ${settings.symbols} symbols × ${settings.days} days`);
      return ohlcvBenchMarkdown(await benchOhlcvResample(settings));
    },
  },
  {
    // The disclosures API: 1M facts, 500 members, autocannon over loopback, cold start, DuckDB floor (scripts/bench/api.ts).
    name: 'api',
    async run() {
      const { benchApi, apiBenchMarkdown, API_BENCH_DEFAULTS: d } = await import('./api');
      const settings = { ...d, repeat: Number(process.env.BENCH_REPEAT ?? d.repeat), requests: Number(process.env.BENCH_API_REQUESTS ?? d.requests) };
      console.log(`api: ${settings.rows.toLocaleString('en-US')} facts, ${settings.members} members`);
      return apiBenchMarkdown(await benchApi(settings));
    },
  },
  {
    // cross_dataset_correlation's build: buildCorrelations vs the same SQL directly in DuckDB (BENCH_CORRELATION_TRADES, default 15,000).
    name: 'correlation-build',
    async run() {
      const { benchCorrelationBuild, correlationBenchMarkdown, CORRELATION_BENCH_DEFAULTS: d } = await import('./correlation-build');
      const settings = { ...d, trades: Number(process.env.BENCH_CORRELATION_TRADES ?? d.trades), repeat: Number(process.env.BENCH_REPEAT ?? d.repeat) };
      console.log(`correlation-build: ${settings.trades.toLocaleString('en-US')} trades`);
      return correlationBenchMarkdown(await benchCorrelationBuild(settings));
    },
  },
  {
    // congress_pipeline's TransformToSilver + BuildDimensions vs the same tables by plain DuckDB over the same bronze (BENCH_CONGRESS_BILLS).
    name: 'congress-pipeline',
    async run() {
      const { benchCongressPipeline, congressPipelineBenchMarkdown, CONGRESS_PIPELINE_BENCH_DEFAULTS: d } = await import('./congress-pipeline');
      const settings = { bills: Number(process.env.BENCH_CONGRESS_BILLS ?? d.bills), repeat: Number(process.env.BENCH_REPEAT ?? d.repeat) };
      console.log(`congress-pipeline: ${settings.bills.toLocaleString('en-US')} bills`);
      return congressPipelineBenchMarkdown(await benchCongressPipeline(settings));
    },
  },
  {
    // lobbying_pipeline's ParseToSilver + TransformToGold vs the same tables by plain DuckDB over the same bronze pages (BENCH_LOBBYING_FILINGS).
    name: 'lobbying-pipeline',
    async run() {
      const { benchLobbyingPipeline, lobbyingPipelineBenchMarkdown, LOBBYING_PIPELINE_BENCH_DEFAULTS: d } = await import('./lobbying-pipeline');
      const settings = { filings: Number(process.env.BENCH_LOBBYING_FILINGS ?? d.filings), repeat: Number(process.env.BENCH_REPEAT ?? d.repeat) };
      console.log(`lobbying-pipeline: ${settings.filings.toLocaleString('en-US')} filings`);
      return lobbyingPipelineBenchMarkdown(await benchLobbyingPipeline(settings));
    },
  },
];

const LOAD_AT_START = os.loadavg()[0].toFixed(1);

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.platform()} ${os.release()}, Node ${process.version}, load average ${LOAD_AT_START} at start`;
}

const DOC_HEADER = `# Benchmarks

Appended by \`make bench\` (scripts/bench/run.ts). Numbers are wall-clock on the machine named in each entry.
`;

async function record(sections: string[]) {
  if (process.env.BENCH_NO_RECORD) return;
  let existing = '';
  try {
    existing = await readFile(BENCHMARKS_DOC, 'utf8');
  } catch {
    await writeFile(BENCHMARKS_DOC, DOC_HEADER);
  }
  const note = process.env.BENCH_NOTE ? `\n${process.env.BENCH_NOTE}\n` : '';
  const entry = `\n### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine()}\n${note}\n${sections.join('\n\n')}\n`;
  await appendFile(BENCHMARKS_DOC, (existing.endsWith('\n') || !existing ? '' : '\n') + entry);
  console.log(`recorded in ${BENCHMARKS_DOC}`);
}

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? '1000000,10000000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) throw new Error('BENCH_SIZES: expected comma-separated positive integers');
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  if (selected.length === 0) throw new Error(`BENCH_ONLY matched nothing; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  const sections: string[] = [];
  for (const benchmark of selected) sections.push(await benchmark.run(sizes));
  console.log(`\n${sections.join('\n\n')}`);
  await record(sections);
}

await main();
