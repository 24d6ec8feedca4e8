/** The `lake` bin as users run it (a child process, the bundled CLI): commands that need no pipeline run. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const lake = (...args: string[]) => spawnSync(process.execPath, ['packages/cli/bin/lake.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
const sample = (p: string) => join(ROOT, 'sample-data/house-fd/source', p);
const temp = () => mkdtempSync(join(tmpdir(), 'medallion-cli-'));

/** One line of diagnosis, no stack trace. */
function expectOneLineError(res: ReturnType<typeof lake>, code: number, text: string | RegExp) {
  expect(res.status).toBe(code);
  const first = res.stderr.split('\n').filter((l) => !l.startsWith('lake: sources changed'))[0];
  expect(first).toMatch(text);
  expect(res.stderr + res.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('lake', () => {
  it('house-fd parse prints a real PTR row by row, and --json gives the parser output', () => {
    const text = lake('house-fd', 'parse', sample('ptr-pdfs/2025/20026590.pdf'));
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/PTR 20026590 — .+ transactions/);
    expect(text.stdout).toMatch(/20026590-001 {2}\d{4}-\d{2}-\d{2}/);
    const json = JSON.parse(lake('house-fd', 'parse', sample('ptr-pdfs/2025/20026590.pdf'), '--json').stdout) as {
      kind: string;
      status: string;
      transactions: unknown[];
    };
    expect(json).toMatchObject({ kind: 'ptr', status: 'ok' });
    expect(json.transactions.length).toBeGreaterThan(0);
  });

  it('house-fd parse names the quarantine reason of a bad file and the counts of an index', () => {
    expect(lake('house-fd', 'parse', sample('ptr-pdfs/2025/20033421.pdf')).stdout).toContain('QUARANTINED — html_error_page');
    const index = lake('house-fd', 'parse', sample('financial-pdfs/2025FD.zip'));
    expect(index.stdout).toContain('2025FD.xml: filing index (xml), 1618 rows, 1616 filings kept');
    expect(index.stdout).toContain('P=471');
  });

  it('house-fd parse diagnoses a truncated zip in one line, exit 1', () => {
    const file = join(temp(), '2025FD.zip');
    writeFileSync(file, readFileSync(sample('financial-pdfs/2025FD.zip')).subarray(0, 3000));
    const res = lake('house-fd', 'parse', file);
    expect(res.status).toBe(1);
    expect(res.stdout.trim()).toBe(`${file}: not a valid zip: invalid zip data`);
    expect(res.stderr + res.stdout).not.toContain('TypeError');
  });

  it('explains its usage and refuses unknown pipelines with exit code 2', () => {
    const res = lake('run', 'no_such_pipeline');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('house_fd_pipeline');
    const help = lake('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('lake run <pipeline>');
    // Pipeline commands come from the registrations.
    expect(help.stdout).toContain('lake house-fd parse');
    expect(lake('run', 'house_fd_pipeline', '--help').stdout).toContain('--from');
    // lake quality is @medallion/quality's command line, reached through the bundle.
    const scan = lake('quality', 'scan');
    expect(scan.status).not.toBe(0);
    expect(scan.stdout + scan.stderr).toContain('usage: lake quality scan');
    expect(scan.stderr).not.toContain('is not a function');
  });

  it('treats a --lake that is a file, a missing --source directory and an unknown --from as usage errors (exit 2), creating nothing', () => {
    const dir = temp();
    const file = join(dir, 'not-a-lake');
    writeFileSync(file, 'x');
    expectOneLineError(lake('run', 'house_fd_pipeline', '--lake', file), 2, /^lake: --lake .+ is a file/);
    const lakeDir = join(dir, 'lake');
    expectOneLineError(
      lake('run', 'house_fd_pipeline', '--lake', lakeDir, '--source', join(dir, 'no-such-source')),
      2,
      /^lake: --source .+ is not a directory/,
    );
    expectOneLineError(
      lake('run', 'house_fd_pipeline', '--lake', lakeDir, '--from', 'NoSuchState'),
      2,
      /^lake: cannot start house_fd_pipeline at NoSuchState: choose one of CheckNewFilings/,
    );
    expect(existsSync(lakeDir)).toBe(false);
  });

  it('rebuilds its bundle when a source is newer, so a developer never runs a stale CLI', async () => {
    const { BUNDLE, bundleIsStale, ensureBundle } = await import('../bin/bundle.mjs');
    await ensureBundle();
    expect(bundleIsStale()).toBe(false);
    // As if a source had been saved after the last build (long before any checkout: not an hour ago, which in a
    // checkout untouched for longer would still be newer than every source).
    const past = new Date('2000-01-01T00:00:00Z');
    utimesSync(BUNDLE, past, past);
    expect(bundleIsStale()).toBe(true);
    const res = lake('--help');
    expect(res.status).toBe(0);
    expect(res.stderr).toContain('rebuilding the CLI bundle');
    expect(bundleIsStale()).toBe(false);
  });

  it('runs the NDJSON converter on the compiled row scanner copied beside the bundle, and copies a rebuilt one', async () => {
    const { SCANNER_COPY, ensureBundle, scannerCopyIsStale } = await import('../bin/bundle.mjs');
    // make install builds it (node packages/ndjson/native/build.mjs); without a C compiler there is none to copy.
    const built = join(ROOT, 'packages/ndjson/native/build/row_scanner.node');
    await ensureBundle();
    expect(scannerCopyIsStale()).toBe(false);
    if (!existsSync(built)) {
      expect(existsSync(SCANNER_COPY)).toBe(false);
      return;
    }
    expect(readFileSync(SCANNER_COPY).equals(readFileSync(built))).toBe(true);
    // As if make install had rebuilt the addon after the copy was made: `lake` (and bundle.mjs --if-stale) copies it.
    // Long before the addon was built (not an hour ago: in a checkout built long ago that would still be newer).
    const past = new Date('2000-01-01T00:00:00Z');
    utimesSync(SCANNER_COPY, past, past);
    expect(scannerCopyIsStale()).toBe(true);

    const dir = temp();
    mkdirSync(join(dir, 'in/2026-12-01'), { recursive: true });
    writeFileSync(join(dir, 'in/2026-12-01/a.ndjson'), '{"a":1}\n{"a":2}\nnot json\n');
    // Records the native files the process loads (process.dlopen) into $DLOPEN_LOG.
    writeFileSync(
      join(dir, 'dlopen.mjs'),
      "import { writeFileSync } from 'node:fs'; const seen = []; const dlopen = process.dlopen; process.dlopen = function (m, f, ...r) { seen.push(f); return dlopen.call(this, m, f, ...r); }; process.on('exit', () => writeFileSync(process.env.DLOPEN_LOG, seen.join('\\n')));",
    );
    const res = spawnSync(
      process.execPath,
      ['--import', join(dir, 'dlopen.mjs'), 'packages/cli/bin/lake.mjs', 'etl', 'ingest', join(dir, 'in'), '--lake', join(dir, 'lake')],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DLOPEN_LOG: join(dir, 'dlopen.log') } },
    );
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/rows written\D+2\b/i);
    expect(scannerCopyIsStale()).toBe(false);
    expect(readFileSync(join(dir, 'dlopen.log'), 'utf8').split('\n')).toContain(SCANNER_COPY);
  }, 60_000);
});
