import { UsageError } from '@medallion/pipeline';
import { parseEtlArgs } from '../src/etl-command';

describe('lake etl arguments', () => {
  it('parses ingest and demo', () => {
    expect(parseEtlArgs(['ingest', 'in', '--lake', 'L', '--json'])).toEqual({ kind: 'ingest', inputDir: 'in', lakeDir: 'L', json: true });
    expect(parseEtlArgs(['demo', '--files', '10000'])).toEqual({ kind: 'demo', files: 10000, lakeDir: '.lake', json: false });
  });

  it.each([
    [['ingest', 'in'], 'needs --lake DIR'],
    [['ingest', '--lake', 'L'], 'exactly one input directory'],
    [['demo', '--files', 'ten'], '--files must be a whole number'],
    [['demo', '--files', '0'], '--files must be a whole number'],
    [['demo', 'dir'], 'takes no directory'],
    [['convert'], 'unknown etl command convert'],
    [[], 'which etl command?'],
    [['ingest', 'in', '--lake', 'L', '--bogus'], "Unknown option '--bogus'"],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseEtlArgs(argv)).toThrow(UsageError);
    expect(() => parseEtlArgs(argv)).toThrow(message);
  });
});
