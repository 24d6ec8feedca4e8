/** `lake etl ingest <dir> --lake DIR [--json]` and `lake etl demo --files N [--lake DIR] [--json]`: argument parsing only (the run is imported on use). */
import { parseArgs } from 'node:util';
import { UsageError, type PipelineCommand } from '@medallion/pipeline';

export const ETL_USAGE = 'lake etl ingest <dir> --lake DIR [--json] | lake etl demo --files N [--lake DIR] [--json]';

export type EtlRequest = { kind: 'ingest'; inputDir: string; lakeDir: string; json: boolean } | { kind: 'demo'; files: number; lakeDir: string; json: boolean };

/** The request `argv` (after `etl`) asks for; UsageError (exit 2) for anything else. */
export function parseEtlArgs(argv: string[]): EtlRequest {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { lake: { type: 'string' }, json: { type: 'boolean', default: false }, files: { type: 'string' } },
    });
  try {
    parsed = parse();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [sub, dir, ...extra] = positionals;
  if (sub === 'ingest') {
    if (!dir || extra.length) throw new UsageError('lake etl ingest needs exactly one input directory');
    if (!values.lake) throw new UsageError('lake etl ingest needs --lake DIR');
    if (values.files !== undefined) throw new UsageError('--files belongs to lake etl demo');
    return { kind: 'ingest', inputDir: dir, lakeDir: values.lake, json: values.json ?? false };
  }
  if (sub === 'demo') {
    if (dir) throw new UsageError('lake etl demo takes no directory (it generates its input)');
    const files = Number(values.files ?? '100');
    if (!Number.isInteger(files) || files < 1 || files > 1_000_000)
      throw new UsageError(`--files must be a whole number from 1 to 1000000, got ${values.files}`);
    return { kind: 'demo', files, lakeDir: values.lake ?? '.lake', json: values.json ?? false };
  }
  throw new UsageError(sub ? `unknown etl command ${sub}` : 'which etl command?');
}

export const etlCommand: PipelineCommand = {
  usage: ETL_USAGE,
  async run(argv, context) {
    const request = parseEtlArgs(argv);
    // Imported here: the local run starts emulators and DuckDB, and `lake --help` loads this file.
    const { runLocalEtl } = await import('./local-etl');
    // `lake` passes its function loader: every step runs as the deployed function's handler.
    return runLocalEtl(request, context);
  },
};
