/** The `lake` bin as users run it (a child process, the bundled CLI): commands that need no pipeline run. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
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
    // As if a source had been saved after the last build.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(BUNDLE, past, past);
    expect(bundleIsStale()).toBe(true);
    const res = lake('--help');
    expect(res.status).toBe(0);
    expect(res.stderr).toContain('rebuilding the CLI bundle');
    expect(bundleIsStale()).toBe(false);
  });
});
