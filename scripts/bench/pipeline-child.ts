/**
 * One timed run of congress-pipeline or lobbying-pipeline in a process of its own (so peak RSS is the run's):
 * our step code over the lake's bronze, or the same tables by plain DuckDB SQL. Prints BENCH_RESULT {…}.
 */
import { printBenchResult } from './child';
import type { PipelineChildArgs, PipelineChildResult, PipelineRun } from './pipeline-bench';

const args = JSON.parse(process.argv[2]!) as PipelineChildArgs;
const work =
  args.pipeline === 'congress'
    ? await import('./congress-direct').then((m) => ({ ours: m.congressOurs, direct: m.congressDirect }))
    : await import('./lobbying-direct').then((m) => ({ ours: m.lobbyingOurs, direct: m.lobbyingDirect }));
const started = performance.now();
const run: PipelineRun = args.mode === 'ours' ? await work.ours(args.lakeDir) : await work.direct(args.lakeDir, args.outDir);
const seconds = (performance.now() - started) / 1000;
const result: PipelineChildResult = { ...run, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
printBenchResult(result);
