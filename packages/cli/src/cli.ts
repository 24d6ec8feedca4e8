/**
 * `lake` (`pnpm lake …`) — the local command line users and tests drive the platform through.
 *
 *   lake run <pipeline> [--source DIR|URL] [--lake DIR] [--from STATE] [--log-level LEVEL] [--json]
 *   lake quality scan <checks.yml…> [--lake DIR] [--data NAME=FILE.parquet …] [--var NAME=VALUE …] [--json]
 *   lake <command> …   (registered by packages: a pipeline's, e.g. `lake house-fd parse <file>`, or a
 *                       command file's, e.g. `lake api serve`: "medallion": {"commands": "./src/commands.ts"})
 *
 * Everything heavy (handlers, DuckDB, pdf.js) is imported only by the command that needs it:
 * the bundle (bin/bundle.mjs) splits those into chunks, so `lake --help` starts in well under a second.
 * The process entry is main.ts; this module has no side effects, so tests call `main(argv)` in-process.
 */
import { parseArgs } from 'node:util';
import { UsageError, type PipelineCommand, type PipelineDefinition } from '@medallion/pipeline';
import { loadCommands, loadFunctionHandler, loadPipelines } from './pipelines';

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

function usage(pipelines: Map<string, PipelineDefinition>, registered: Map<string, PipelineCommand> = new Map()): string {
  const commands = [...registered.values()].map((c) => `  ${c.usage}`);
  return `usage:
  lake run <pipeline> [--source DIR] [--lake DIR] [--from STATE] [--log-level LEVEL] [--json]
      pipelines: ${[...pipelines.keys()].join(', ')}
      --source  a directory laid out like the pipeline's source (default: the pipeline's sample data)
      --lake    the lake root (default ./.lake)
      --from    start at a named state using what the lake holds (e.g. TransformToGold)
${commands.join('\n')}
  lake quality scan <checks.yml…> [--lake DIR] [--data NAME=FILE.parquet …] [--var NAME=VALUE …] [--json]`;
}

async function run(argv: string[], pipelines: Map<string, PipelineDefinition>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      lake: { type: 'string', default: '.lake' },
      from: { type: 'string' },
      'log-level': { type: 'string', default: 'SILENT' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage(pipelines));
    return 0;
  }
  const [name, extra] = positionals;
  const pipeline = name ? pipelines.get(name) : undefined;
  if (!pipeline) throw new UsageError(`lake run needs a pipeline: ${[...pipelines.keys()].join(', ')}`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  const level = values['log-level']!.toUpperCase();
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`--log-level ${level} is not a log level`);
  const { runPipelineLocally } = await import('./run-local');
  const { renderSummary } = await import('./summary');
  const tty = process.stderr.isTTY;
  let mapDone = 0;
  const report = await runPipelineLocally({
    pipeline: pipeline.name,
    sourceDir: values.source ?? pipeline.defaultSource,
    lakeDir: values.lake!,
    from: values.from,
    logLevel: level,
    onEvent: (e) => {
      if (values.json) return;
      if (e.index === undefined && e.type === 'entered') process.stderr.write(`${tty ? '\r\x1b[K' : ''}▸ ${e.state}\n`);
      if (e.type === 'exited' && e.index !== undefined) {
        mapDone++;
        if (tty) process.stderr.write(`\r\x1b[K  ${mapDone} items done`);
        else if (mapDone % 100 === 0) process.stderr.write(`  ${mapDone} items done\n`);
      }
    },
  });
  if (tty && mapDone) process.stderr.write('\r\x1b[K');
  console.log(values.json ? JSON.stringify(report, null, 2) : renderSummary(report));
  return report.status === 'SUCCEEDED' ? 0 : 1;
}

async function quality(argv: string[], pipelines: Map<string, PipelineDefinition>): Promise<number> {
  const { runQualityCli } = await import('@medallion/quality');
  // Every pipeline's datasets, so a check file names tables instead of paths (@medallion/quality).
  const datasets = Object.assign({}, ...[...pipelines.values()].map((p) => p.datasets ?? {})) as Record<string, string>;
  return runQualityCli(argv, { datasets });
}

const isParseArgsError = (err: unknown) => {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let pipelines = new Map<string, PipelineDefinition>();
  let commands = new Map<string, PipelineCommand>();
  try {
    pipelines = await loadPipelines();
    commands = await loadCommands(pipelines);
    const registered = commands.get(command ?? '');
    switch (command) {
      case 'run':
        return await run(rest, pipelines);
      case 'quality':
        return await quality(rest, pipelines);
      case undefined:
      case '-h':
      case '--help':
        console.log(usage(pipelines, commands));
        return command ? 0 : 2;
      default:
        // The command gets the deployed functions' handlers through the same loader `lake run` uses.
        if (registered) return await registered.run(rest, { loadHandler: loadFunctionHandler });
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      console.error(`lake: ${(err as Error).message}\n${usage(pipelines, commands)}`);
      return 2;
    }
    // Expected failures are one line; LAKE_DEBUG=1 shows the stack of an unexpected one.
    console.error(`lake: ${(err as Error).message ?? String(err)}`);
    if (process.env.LAKE_DEBUG) console.error((err as Error).stack);
    return 1;
  }
}
