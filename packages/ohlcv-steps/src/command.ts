/** `lake ohlcv import <file.csv> --symbol SYM --lake DIR` and `lake ohlcv demo [--lake DIR]`: argument parsing only (the work is imported on use). */
import { parseArgs } from 'node:util';
import { type PipelineCommand, UsageError } from '@medallion/pipeline';

export const OHLCV_USAGE = 'lake ohlcv import <file.csv> --symbol SYM --lake DIR | lake ohlcv demo [--lake DIR]';

export type OhlcvRequest = { kind: 'import'; file: string; symbol: string; lakeDir: string } | { kind: 'demo'; lakeDir: string };

export function parseOhlcvArgs(argv: string[]): OhlcvRequest {
  let parsed: { values: { lake?: string; symbol?: string }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { lake: { type: 'string' }, symbol: { type: 'string' } } });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  const [sub, file, ...extra] = positionals;
  if (sub === 'import') {
    if (!file || extra.length) throw new UsageError('lake ohlcv import needs exactly one CSV file');
    if (!values.symbol || !/^[A-Za-z0-9][A-Za-z0-9.-]{0,15}$/.test(values.symbol))
      throw new UsageError('lake ohlcv import needs --symbol SYM (letters, digits, . or -)');
    if (!values.lake) throw new UsageError('lake ohlcv import needs --lake DIR');
    return { kind: 'import', file, symbol: values.symbol, lakeDir: values.lake };
  }
  if (sub === 'demo') {
    if (file) throw new UsageError('lake ohlcv demo takes no file (it uses the bundled ORCL history)');
    if (values.symbol) throw new UsageError('--symbol belongs to lake ohlcv import');
    return { kind: 'demo', lakeDir: values.lake ?? '.lake' };
  }
  throw new UsageError(sub ? `unknown ohlcv command ${sub}` : 'which ohlcv command?');
}

export const ohlcvCommand: PipelineCommand = {
  usage: OHLCV_USAGE,
  async run(argv) {
    const request = parseOhlcvArgs(argv);
    const { runOhlcvCommand } = await import('./local-run');
    return runOhlcvCommand(request);
  },
};
