/**
 * `pnpm lake …` — the local command line users and tests drive the platform through.
 *
 *   lake run <pipeline> [--source DIR|URL] [--lake DIR] [--from STATE] [--log-level LEVEL] [--json]
 *   lake house-fd parse <file.pdf|.xml|.txt|.zip> [--json]
 *   lake quality scan <checks.yml…> [--lake DIR] [--data NAME=FILE.parquet …] [--var NAME=VALUE …] [--json]
 */
import { parseArgs } from 'node:util';
import { describeFile } from '@medallion/house-fd';
import { runQualityCli } from '@medallion/quality';
import { runPipelineLocally } from './run-local';
import { renderSummary } from './summary';
import { renderDescription } from './describe';
import { PIPELINES } from './pipelines';

const USAGE = `usage:
  lake run <pipeline> [--source DIR] [--lake DIR] [--from STATE] [--log-level LEVEL] [--json]
      pipelines: ${Object.keys(PIPELINES).join(', ')}
      --source  a directory laid out like the Clerk's site (default sample-data/house-fd/source)
      --lake    the lake root (default ./.lake)
      --from    start at a named state using what the lake holds (e.g. TransformToGold)
  lake house-fd parse <file.pdf|.xml|.txt|.zip> [--json]
  lake quality scan <checks.yml…> [--lake DIR] [--data NAME=FILE.parquet …] [--var NAME=VALUE …] [--json]`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string', default: 'sample-data/house-fd/source' },
      lake: { type: 'string', default: '.lake' },
      from: { type: 'string' },
      'log-level': { type: 'string', default: 'SILENT' },
      json: { type: 'boolean', default: false },
    },
  });
  const [pipeline] = positionals;
  if (!pipeline || !PIPELINES[pipeline]) throw new UsageError(`lake run needs a pipeline: ${Object.keys(PIPELINES).join(', ')}`);
  const level = values['log-level']!.toUpperCase();
  if (!['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'].includes(level)) throw new UsageError(`--log-level ${level} is not a log level`);
  const tty = process.stderr.isTTY;
  let mapDone = 0;
  const report = await runPipelineLocally({
    pipeline, sourceDir: values.source!, lakeDir: values.lake!, from: values.from, logLevel: level,
    onEvent: (e) => {
      if (values.json) return;
      if (e.index === undefined && e.type === 'entered') process.stderr.write(`${tty ? '\r\x1b[K' : ''}▸ ${e.state}\n`);
      if (e.type === 'exited' && e.state === 'ExtractDocument') {
        mapDone++;
        if (tty) process.stderr.write(`\r\x1b[K  extracted ${mapDone} PTRs`);
        else if (mapDone % 100 === 0) process.stderr.write(`  extracted ${mapDone} PTRs\n`);
      }
    },
  });
  if (tty && mapDone) process.stderr.write('\r\x1b[K');
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(renderSummary(report));
  return report.status === 'SUCCEEDED' ? 0 : 1;
}

async function houseFd(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  const [sub, file] = positionals;
  if (sub !== 'parse' || !file) throw new UsageError('lake house-fd parse <file.pdf|.xml|.txt|.zip> [--json]');
  const description = await describeFile(file);
  console.log(values.json ? JSON.stringify(description, null, 2) : renderDescription(description));
  return description.kind === 'unsupported' ? 2 : 0;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run': return await run(rest);
      case 'house-fd': return await houseFd(rest);
      case 'quality': return await runQualityCli(rest, { datasets: (await import('@medallion/house-fd-steps')).HOUSE_FD_DATASETS });
      case undefined: case '-h': case '--help': console.log(USAGE); return command ? 0 : 2;
      default: throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`lake: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    console.error(`lake: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
