/**
 * Benchmarks time each mode in a child process of its own, so its peak RSS is its own: the child prints one line
 * `BENCH_RESULT {json}` (printBenchResult) and the parent reads it (runBenchChild).
 */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './paths';

const PREFIX = 'BENCH_RESULT ';

/** Runs `scripts/bench/<script>` with the JSON arguments; resolves with the result it printed. */
export function runBenchChild<T>(script: string, args: { mode: string }): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './scripts/polyfills.mjs', `scripts/bench/${script}`, JSON.stringify(args)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(PREFIX));
      if (code !== 0 || !line) return reject(new Error(`${script} (${args.mode}) exited with ${code}: ${stdout.slice(-2000)}`));
      resolve(JSON.parse(line.slice(PREFIX.length)) as T);
    });
  });
}

/** The child's side: the one line runBenchChild reads. */
export function printBenchResult(result: unknown): void {
  process.stdout.write(`${PREFIX}${JSON.stringify(result)}\n`);
}

/** The middle value (the upper middle of an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The run whose time is the median of the runs' (its other measures, e.g. peak RSS, come with it). */
export const medianRun = <T extends { seconds: number }>(runs: T[]): T => runs.find((r) => r.seconds === median(runs.map((x) => x.seconds)))!;
