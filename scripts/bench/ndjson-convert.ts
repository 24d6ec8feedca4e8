/**
 * Benchmark: the NDJSON converter (convertManifest) vs a bare DuckDB `COPY (SELECT * FROM read_json(…)) TO … (FORMAT
 * parquet)` on the same generated files in the same run. Each conversion runs in a child process (its own peak RSS);
 * modes alternate, and the median of BENCH_REPEAT runs is kept. Goal: ≥ 0.9× the bare throughput, peak RSS < 1 GB
 * for a 1 GB manifest (BENCH_NDJSON_MB=1024; the default is smaller, for speed).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateNdjsonFiles } from '@medallion/ndjson';
import type { NdjsonChildArgs, NdjsonChildResult } from './ndjson-child';
import { median, runBenchChild } from './child';
import { BENCH_DIR } from './paths';

export interface NdjsonBenchSettings {
  /** Uncompressed NDJSON to generate, in MiB. */
  megabytes: number;
  files: number;
  poisonRate: number;
  threads: number;
  memoryLimit: string;
  repeat: number;
}

export const NDJSON_BENCH_DEFAULTS: NdjsonBenchSettings = { megabytes: 128, files: 64, poisonRate: 0.001, threads: 2, memoryLimit: '512MB', repeat: 3 };

interface Dataset {
  dir: string;
  bytes: number;
  lines: number;
}

const LINE_BYTES_ESTIMATE = 225; // a generated event line, on average

/** Generated once per settings and reused (the marker holds its totals). */
async function ensureInput(s: NdjsonBenchSettings): Promise<Dataset> {
  const dir = join(BENCH_DIR, 'ndjson', `mb=${s.megabytes}-files=${s.files}-poison=${s.poisonRate}`);
  const marker = join(dir, 'dataset.json');
  try {
    return JSON.parse(await readFile(marker, 'utf8')) as Dataset;
  } catch {}
  const linesPerFile = Math.max(1, Math.round((s.megabytes * 2 ** 20) / s.files / LINE_BYTES_ESTIMATE));
  const input = join(dir, 'input');
  let bytes = 0;
  for (const f of generateNdjsonFiles({ files: s.files, linesPerFile, poisonRate: s.poisonRate, seed: 1 })) {
    await mkdir(dirname(join(input, f.key)), { recursive: true });
    await writeFile(join(input, f.key), f.body);
    bytes += f.key.endsWith('.gz') ? gunzipSync(f.body).byteLength : f.body.byteLength; // throughput counts NDJSON bytes
  }
  const dataset = { dir: input, bytes, lines: linesPerFile * s.files };
  await writeFile(marker, JSON.stringify(dataset));
  return dataset;
}

const runChild = (args: NdjsonChildArgs) => runBenchChild<NdjsonChildResult>('ndjson-child.ts', args);

export interface NdjsonBenchResult {
  settings: NdjsonBenchSettings;
  dataset: Dataset;
  seconds: Record<Mode, number>;
  rows: Record<Mode, number>;
  maxRssMb: Record<Mode, number>;
  /** Our throughput over each bare mode's (higher is better; the goal, ≥ 0.9, is against `bare`). */
  ratios: Record<Exclude<Mode, 'ours'>, number>;
}

type Mode = NdjsonChildArgs['mode'];
const MODES: Mode[] = ['ours', 'bare', 'bare-unordered', 'bare-declared'];
const perMode = <T>(value: () => T) => Object.fromEntries(MODES.map((m) => [m, value()])) as Record<Mode, T>;

export async function benchNdjsonConvert(settings: NdjsonBenchSettings): Promise<NdjsonBenchResult> {
  const dataset = await ensureInput(settings);
  console.log(`  input: ${(dataset.bytes / 2 ** 20).toFixed(0)} MiB of NDJSON, ${dataset.lines.toLocaleString('en-US')} lines in ${settings.files} files`);
  const times = perMode<number[]>(() => []);
  const rows = perMode(() => 0);
  const maxRssMb = perMode(() => 0);
  for (let i = 0; i < settings.repeat; i++) {
    // The order rotates, so no mode always runs first (or after the same one) on a warm or cold page cache.
    for (const mode of MODES.map((_, k) => MODES[(k + i) % MODES.length]!)) {
      const r = await runChild({
        mode,
        inputDir: dataset.dir,
        outDir: join(BENCH_DIR, 'ndjson', 'out', mode),
        threads: settings.threads,
        memoryLimit: settings.memoryLimit,
      });
      console.log(`  ${mode.padEnd(14)} run ${i + 1}: ${r.seconds.toFixed(2)} s, ${r.rows.toLocaleString('en-US')} rows, peak RSS ${r.maxRssMb.toFixed(0)} MB`);
      times[mode].push(r.seconds);
      rows[mode] = r.rows;
      maxRssMb[mode] = Math.max(maxRssMb[mode], r.maxRssMb);
    }
  }
  const seconds = Object.fromEntries(MODES.map((m) => [m, median(times[m])])) as Record<Mode, number>;
  const ratio = (m: Mode) => seconds[m] / seconds.ours;
  return {
    settings,
    dataset,
    seconds,
    rows,
    maxRssMb,
    ratios: { bare: ratio('bare'), 'bare-unordered': ratio('bare-unordered'), 'bare-declared': ratio('bare-declared') },
  };
}

const MODE_LABELS: Record<Mode, string> = {
  ours: 'convertManifest',
  bare: 'bare DuckDB COPY (detected columns, ignore_errors)',
  'bare-unordered': 'bare, preserve_insertion_order = false',
  'bare-declared': 'bare, columns declared, preserve_insertion_order = false',
};

export function ndjsonBenchMarkdown(r: NdjsonBenchResult): string {
  const mbps = (s: number) => (r.dataset.bytes / 2 ** 20 / s).toFixed(1);
  const poisoned = r.settings.poisonRate > 0;
  return [
    `#### ndjson-convert — convertManifest vs bare DuckDB read_json → Parquet (ZSTD level 1, both), ${poisoned ? `poison lines at rate ${r.settings.poisonRate}` : 'no bad line in any file'}`,
    '',
    `${(r.dataset.bytes / 2 ** 20).toFixed(0)} MiB of NDJSON (${r.dataset.lines.toLocaleString('en-US')} lines, ${r.settings.files} files, ~25 % gzipped, poison rate ${r.settings.poisonRate}); threads ${r.settings.threads}, DuckDB memory_limit ${r.settings.memoryLimit}; median of ${r.settings.repeat} run(s) per mode, peak RSS = highest over all runs.`,
    '',
    '| mode | seconds | MiB/s | rows written | peak RSS (MB) |',
    '|---|---:|---:|---:|---:|',
    ...MODES.map(
      (m) => `| ${MODE_LABELS[m]} | ${r.seconds[m].toFixed(2)} | ${mbps(r.seconds[m])} | ${r.rows[m].toLocaleString('en-US')} | ${r.maxRssMb[m].toFixed(0)} |`,
    ),
    '',
    `Throughput ratio ours/bare: **${r.ratios.bare.toFixed(2)}×** (goal ≥ 0.9×); ours/bare with preserve_insertion_order = false: ${r.ratios['bare-unordered'].toFixed(2)}×; ours/bare with the columns declared: ${r.ratios['bare-declared'].toFixed(2)}×.${
      poisoned
        ? ' On this input the detected bare modes write every line as one JSON value (their sample has lines that are not objects): only the declared one does the same work as ours.'
        : ''
    }`,
  ].join('\n');
}
