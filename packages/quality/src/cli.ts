/**
 * lake quality scan <checks.yml|dir …> [--lake DIR] [--data NAME=FILE.parquet …] [--var NAME=VALUE …]
 *                   [--json] [--config soda/configuration.yml] [--samples N] [--no-store]
 * Returns Soda's exit code: 0 pass · 1 warn · 2 fail · 3 error.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { resolveDatasets, type DatasetDeclarations } from './datasets';
import { scan } from './scan';
import { formatSummary } from './summary';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `usage: lake quality scan <checks.yml|dir …> [--lake DIR] [--data NAME=FILE.parquet …] [--var NAME=VALUE …] [--json]
                         [--config FILE] [--samples N] [--no-store]
  --lake DIR        resolve the pipelines' declared datasets in the lake DIR and keep metric history in DIR/quality/metrics
  --data NAME=FILE  a dataset from a parquet file or glob (repeatable; overrides the lake)
  --var NAME=VALUE  a scan variable, like soda scan -v (repeatable); --var NOW=2025-06-01T00:00:00Z replays a scan
  --json            print the Soda-shaped scan result JSON instead of the summary
  --config FILE     Soda configuration.yml (data source name); default: configuration.yml next to the checks folder
  --samples N       failed-row samples per check (default 100)
  --no-store        do not store this run's metrics in the history
exit codes: 0 all pass, 1 warnings, 2 failures, 3 errors`;

function pairs(values: string[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0) throw new Error(`${what} must read NAME=VALUE, got "${v}"`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

function expandChecks(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p)) throw new Error(`checks file not found: ${p}`);
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(p, f));
  });
}

/** The data source name from a Soda configuration.yml (`data_source <name>:`). */
export function readConfiguration(file: string): { dataSource?: string; samplesLimit?: number } {
  const doc = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const key = Object.keys(doc).find((k) => k.startsWith('data_source '));
  if (!key) return {};
  const limit = doc[key]?.samples_limit;
  return { dataSource: key.slice('data_source '.length).trim(), ...(typeof limit === 'number' ? { samplesLimit: limit } : {}) };
}

export interface QualityCliOptions {
  /** Datasets `--lake` resolves: the union of every registered pipeline's declarations. */
  datasets?: DatasetDeclarations;
  io?: CliIo;
}

const STDIO: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

const parseCliArgs = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      lake: { type: 'string' },
      data: { type: 'string', multiple: true },
      var: { type: 'string', multiple: true, short: 'v' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      samples: { type: 'string' },
      'no-store': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });

export async function runQualityCli(argv: string[], options: QualityCliOptions = {}): Promise<number> {
  const io = options.io ?? STDIO;
  const args = argv[0] === 'quality' ? argv.slice(1) : argv;
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(args);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 3;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'scan' || positionals.length < 2) {
    io.stderr(`${USAGE}\n`);
    return 3;
  }
  try {
    const checksFiles = expandChecks(positionals.slice(1));
    const data = Object.fromEntries(Object.entries(pairs(values.data, '--data')).map(([k, v]) => [k, resolve(v)]));
    if (!values.lake && Object.keys(data).length === 0) throw new Error('nothing to scan: give --lake DIR and/or --data NAME=FILE.parquet');
    if (values.lake && !Object.keys(options.datasets ?? {}).length)
      throw new Error("--lake needs the pipelines' dataset declarations, and none were given; use --data NAME=FILE.parquet");
    const tables = { ...(values.lake ? resolveDatasets(values.lake, options.datasets!) : {}), ...data };
    const configFile = values.config ?? join(dirname(dirname(resolve(checksFiles[0] ?? '.'))), 'configuration.yml');
    const config = existsSync(configFile) ? readConfiguration(configFile) : {};
    const samples = values.samples !== undefined ? Number(values.samples) : config.samplesLimit;
    if (samples !== undefined && (!Number.isInteger(samples) || samples < 0)) throw new Error('--samples must be a non-negative integer');
    const result = await scan({
      checksFiles,
      tables,
      vars: pairs(values.var, '--var'),
      lakeDir: values.lake ? resolve(values.lake) : undefined,
      storeMetrics: !values['no-store'],
      dataSource: config.dataSource,
      samplesLimit: samples,
    });
    io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatSummary(result)}\n`);
    return result.exitCode;
  } catch (e) {
    io.stderr(`lake quality scan: ${(e as Error).message}\n`);
    return 3;
  }
}
