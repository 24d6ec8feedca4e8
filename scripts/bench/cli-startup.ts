/**
 * `lake` startup: wall time of commands that do no work beyond starting (help texts), median of
 * several runs, for the bundled CLI (packages/cli/dist, what `pnpm lake` runs) and, for
 * comparison, the same sources through tsx (what `pnpm lake` ran before the bundle).
 */
import { spawnSync } from 'node:child_process';
import { ensureBundle } from '../../packages/cli/bin/bundle.mjs';
import { REPO_ROOT } from './paths';

export interface StartupResult {
  label: string;
  command: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

const COMMANDS: { label: string; args: string[] }[] = [
  { label: 'lake --help', args: ['--help'] },
  { label: 'lake run house_fd_pipeline --help', args: ['run', 'house_fd_pipeline', '--help'] },
];

function time(argv: string[]): number {
  const started = performance.now();
  const res = spawnSync(process.execPath, argv, { cwd: REPO_ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (res.status !== 0) throw new Error(`${argv.join(' ')} exited ${res.status}: ${res.stderr}`);
  return ms;
}

function measure(label: string, command: string, argv: string[], runs: number): StartupResult {
  time(argv); // warm the file system cache (and build the bundle if stale) outside the sample
  const samples = Array.from({ length: runs }, () => time(argv)).sort((a, b) => a - b);
  return { label, command, runs, medianMs: samples[Math.floor(runs / 2)], minMs: samples[0], maxMs: samples[runs - 1] };
}

export async function benchCliStartup(
  runs = Number(process.env.BENCH_CLI_RUNS ?? 7),
  tsxRuns = Number(process.env.BENCH_CLI_TSX_RUNS ?? 3),
): Promise<StartupResult[]> {
  await ensureBundle();
  const results: StartupResult[] = [];
  for (const c of COMMANDS) {
    results.push(measure(c.label, 'bundle', ['packages/cli/bin/lake.mjs', ...c.args], runs));
    if (tsxRuns > 0)
      results.push(
        measure(c.label, 'tsx (unbundled)', ['--import', 'tsx', '--import', './scripts/polyfills.mjs', 'packages/cli/src/main.ts', ...c.args], tsxRuns),
      );
  }
  return results;
}

export function cliStartupMarkdown(results: StartupResult[]): string {
  const rows = results.map(
    (r) => `| ${r.label} | ${r.command} | ${r.runs} | ${(r.medianMs / 1000).toFixed(2)} s | ${(r.minMs / 1000).toFixed(2)}–${(r.maxMs / 1000).toFixed(2)} s |`,
  );
  return ['#### lake startup — bundled CLI vs tsx', '', '| command | how | runs | median | min–max |', '|---|---|---|---|---|', ...rows].join('\n');
}
