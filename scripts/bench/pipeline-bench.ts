/**
 * What congress-pipeline and lobbying-pipeline share: each mode (our step code, or the same tables written by plain
 * DuckDB SQL) runs in a child process of its own (pipeline-child.ts: time and peak RSS), the modes alternate, the
 * median run of each is kept, and every output table of the two is compared (row count and an md5 over its rows).
 */
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Duck, openDuck, sqlPath } from '@medallion/duck';
import { medianRun, runBenchChild } from './child';

export type PipelineName = 'congress' | 'lobbying';
export type PipelineMode = 'ours' | 'direct';

export interface PipelineChildArgs {
  mode: PipelineMode;
  pipeline: PipelineName;
  lakeDir: string;
  /** direct: where the plain SQL writes its tables. */
  outDir: string;
}

/** One mode's run: silver and gold times, and the Parquet file(s) of each output table. */
export interface PipelineRun {
  silverSeconds: number;
  goldSeconds: number;
  tables: Record<string, string[]>;
}

export interface PipelineChildResult extends PipelineRun {
  seconds: number;
  peakRssMb: number;
}

export interface TableAgreement {
  table: string;
  oursRows: number;
  directRows: number;
  /** Same row count and the same md5 over the sorted rows. */
  identical: boolean;
}

export interface PipelineBenchResult {
  ours: PipelineChildResult;
  direct: PipelineChildResult;
  /** Every run's total seconds, in the order run. */
  runs: Record<PipelineMode, number[]>;
  /** median(ours) / median(direct). */
  ratio: number;
  agreement: TableAgreement[];
}

/** Row count and md5 of a table's rows (order-free: the rows' text sorted); none for a table not written. */
async function fingerprint(duck: Duck, files: string[] | undefined): Promise<{ rows: number; md5: string } | undefined> {
  if (!files) return undefined;
  const [r] = await duck.all<{ rows: bigint; md5: string | null }>(
    `SELECT count(*) AS rows, md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) AS md5 FROM read_parquet([${files.map(sqlPath).join(', ')}], hive_partitioning = false) t`,
  );
  return { rows: Number(r!.rows), md5: r!.md5 ?? '' };
}

/** Table by table: the same tables, the same rows? (A table only one mode wrote counts as different.) */
export async function compareTables(ours: PipelineRun['tables'], direct: PipelineRun['tables']): Promise<TableAgreement[]> {
  const names = [...new Set([...Object.keys(ours), ...Object.keys(direct)])].sort();
  const duck = await openDuck({ threads: 2 });
  try {
    const out: TableAgreement[] = [];
    for (const table of names) {
      const o = await fingerprint(duck, ours[table]);
      const d = await fingerprint(duck, direct[table]);
      out.push({ table, oursRows: o?.rows ?? 0, directRows: d?.rows ?? 0, identical: !!o && !!d && o.rows === d.rows && o.md5 === d.md5 });
    }
    return out;
  } finally {
    duck.close();
  }
}

/**
 * `repeat` runs of each mode, alternating which goes first; `reset` (before each run) removes what the
 * previous run wrote, so every run starts from bronze alone.
 */
export async function runPipelineBench(
  args: Omit<PipelineChildArgs, 'mode'>,
  repeat: number,
  reset: (mode: PipelineMode) => Promise<void>,
): Promise<PipelineBenchResult> {
  const results: Record<PipelineMode, PipelineChildResult[]> = { ours: [], direct: [] };
  for (let r = 0; r < repeat; r++) {
    const order: PipelineMode[] = r % 2 === 0 ? ['ours', 'direct'] : ['direct', 'ours'];
    for (const mode of order) {
      await reset(mode);
      const res = await runBenchChild<PipelineChildResult>('pipeline-child.ts', { ...args, mode });
      console.log(
        `  ${mode}: ${res.seconds.toFixed(2)} s (silver ${res.silverSeconds.toFixed(2)} s, gold ${res.goldSeconds.toFixed(2)} s), peak RSS ${res.peakRssMb} MB`,
      );
      results[mode].push(res);
    }
  }
  // The outputs of the last run of each mode are still on disk: compare them.
  const agreement = await compareTables(results.ours.at(-1)!.tables, results.direct.at(-1)!.tables);
  const ours = medianRun(results.ours);
  const direct = medianRun(results.direct);
  return {
    ours,
    direct,
    runs: { ours: results.ours.map((r) => r.seconds), direct: results.direct.map((r) => r.seconds) },
    ratio: ours.seconds / direct.seconds,
    agreement,
  };
}

export async function removeDirs(dirs: string[]): Promise<void> {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}

const n = (x: number) => x.toLocaleString('en-US');
const s = (x: number) => `${x.toFixed(2)} s`;

/** The result table, the runs and the per-table agreement, as markdown (the caller adds the heading and the description). */
export function pipelineBenchMarkdown(r: PipelineBenchResult, labels: { ours: string; direct: string }): string {
  const agree = r.agreement.every((a) => a.identical);
  return [
    '| mode | silver | gold | total (median) | peak RSS | all runs |',
    '|---|---:|---:|---:|---:|---|',
    `| ours (${labels.ours}) | ${s(r.ours.silverSeconds)} | ${s(r.ours.goldSeconds)} | ${s(r.ours.seconds)} | ${r.ours.peakRssMb} MB | ${r.runs.ours.map((x) => x.toFixed(2)).join(', ')} |`,
    `| direct DuckDB (${labels.direct}) | ${s(r.direct.silverSeconds)} | ${s(r.direct.goldSeconds)} | ${s(r.direct.seconds)} | ${r.direct.peakRssMb} MB | ${r.runs.direct.map((x) => x.toFixed(2)).join(', ')} |`,
    '',
    `Ratio ours/direct: **${r.ratio.toFixed(2)}×** (median total of each); outputs ${agree ? 'identical in every table (row count and md5 of the sorted rows)' : '**differ** (see below)'}.`,
    '',
    '| table | rows (ours) | rows (direct) | same rows |',
    '|---|---:|---:|---|',
    ...r.agreement.map((a) => `| ${a.table} | ${n(a.oursRows)} | ${n(a.directRows)} | ${a.identical ? 'yes' : '**no**'} |`),
  ].join('\n');
}

/** Bronze generated once per size under root and reused (neither mode writes it); a marker file says it is complete. */
export async function generateBronzeOnce(root: string, what: string, write: () => Promise<void>): Promise<void> {
  const done = join(root, 'bronze-complete');
  const complete = await access(done).then(
    () => true,
    () => false,
  );
  if (complete) return;
  console.log(`  generating bronze: ${what}`);
  await rm(root, { recursive: true, force: true });
  await write();
  await writeFile(done, '');
}

/** A plain-DuckDB run's output folder (emptied), its DuckDB, and `copy(name, select)`: one ZSTD Parquet per table. */
export async function openDirectRun(outDir: string) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const duck = await openDuck({ threads: 2 });
  const tables: Record<string, string[]> = {};
  const copy = async (name: string, select: string) => {
    const file = join(outDir, `${name}.parquet`);
    await duck.run(`COPY (${select}) TO ${sqlPath(file)} (FORMAT parquet, COMPRESSION zstd)`);
    tables[name] = [file];
  };
  return { duck, tables, copy };
}
