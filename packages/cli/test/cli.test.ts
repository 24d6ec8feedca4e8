/**
 * `main(argv)` in-process (the bin tests run the bundle as a child process, which coverage does
 * not see): usage, usage errors, dispatch to a pipeline's own command and to quality, and a run.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../src/cli';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCE = join(ROOT, 'sample-data/house-fd/source');
let out: string[];
let err: string[];
let dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'medallion-main-'));
  dirs.push(d);
  return d;
};

beforeEach(() => {
  out = [];
  err = [];
  jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  // Progress lines and the quality report go straight to the streams.
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  jest.restoreAllMocks();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('main(argv)', () => {
  it('prints usage with the registered pipelines and their commands; no command is a usage error', async () => {
    expect(await main(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/pipelines: .*\bhouse_fd_pipeline\b/);
    expect(out.join('\n')).toContain('lake house-fd parse');
    expect(await main([])).toBe(2);
    expect(await main(['run', '--help'])).toBe(0);
  });

  it.each([
    [['frobnicate'], /^lake: unknown command frobnicate/],
    [['run'], /^lake: lake run needs a pipeline: .*\bhouse_fd_pipeline\b/],
    [['run', 'house_fd_pipeline', 'extra'], /^lake: unexpected argument extra/],
    [['run', 'house_fd_pipeline', '--log-level', 'LOUD'], /^lake: --log-level LOUD is not a log level/],
    [['run', 'house_fd_pipeline', '--bogus'], /^lake: Unknown option '--bogus'/],
  ])('%j is a usage error (exit 2, one line first)', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(err[0]).toMatch(message);
    expect(err.join('\n')).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('usage errors of a run are found before the lake is created', async () => {
    const lake = join(temp(), 'lake');
    expect(await main(['run', 'house_fd_pipeline', '--lake', lake, '--from', 'Nowhere'])).toBe(2);
    expect(existsSync(lake)).toBe(false);
    const file = join(temp(), 'a-file');
    writeFileSync(file, 'x');
    expect(await main(['run', 'house_fd_pipeline', '--lake', file])).toBe(2);
    expect(await main(['run', 'house_fd_pipeline', '--lake', lake, '--source', join(temp(), 'missing')])).toBe(2);
    expect(existsSync(lake)).toBe(false);
  });

  it("dispatches a pipeline's own command and quality scan (with every pipeline's datasets)", async () => {
    expect(await main(['house-fd', 'parse', join(SOURCE, 'ptr-pdfs/2025/20026590.pdf')])).toBe(0);
    expect(out.join('\n')).toMatch(/PTR 20026590/);
    const lake = temp();
    const code = await main(['quality', 'scan', join(ROOT, 'soda/checks/silver_filings.yml'), '--lake', lake]);
    // An empty lake: the datasets resolve to nothing, so the scan errors (Soda's exit code 3), in one line —
    // about the missing table, not about any pipeline's declarations (every one of them is valid).
    expect(code).toBe(3);
    const written = [process.stdout.write, process.stderr.write].flatMap((w) => (w as unknown as jest.Mock).mock.calls.map((c) => String(c[0]))).join('');
    expect(written).not.toContain('invalid dataset declarations');
    expect(written).toContain('dataset silver_filings is not available');
  });

  it('lake etl ingest runs the ndjson functions through their deployed handlers; a second run converts nothing', async () => {
    const input = temp();
    const lake = temp();
    mkdirSync(join(input, '2026-12-01'));
    for (let i = 0; i < 3; i++) writeFileSync(join(input, '2026-12-01', `f${i}.ndjson`), `{"i":${i}}\nnot json\n`);
    const summary = async () => {
      out = [];
      expect(await main(['etl', 'ingest', input, '--lake', lake, '--json'])).toBe(0);
      // The handlers' metric lines (EMF) are printed too; the summary is the pretty-printed object.
      return JSON.parse(out.filter((l) => l.startsWith('{\n')).at(-1)!) as { registered: number; rowsWritten: number; quarantined: Record<string, number> };
    };
    expect(await summary()).toMatchObject({ registered: 3, rowsWritten: 3, quarantined: { not_json: 3 } });
    expect(await summary()).toMatchObject({ registered: 0, rowsWritten: 0 });
  });

  it('runs a pipeline end to end and prints its summary (JSON with --json)', async () => {
    const lake = temp();
    expect(await main(['run', 'house_fd_pipeline', '--source', SOURCE, '--lake', lake, '--json'])).toBe(0);
    const report = JSON.parse(out.join('\n')) as { status: string; path: string[] };
    expect(report.status).toBe('SUCCEEDED');
    expect(report.path.at(-1)).toBe('Done');
    out = [];
    expect(await main(['run', 'house_fd_pipeline', '--source', SOURCE, '--lake', lake])).toBe(0);
    expect(out.join('\n')).toContain('no new filings');
  });
});
