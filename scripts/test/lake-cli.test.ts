/** The `pnpm lake` entry point as users run it (a child process), for the commands that need no lake. */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const lake = (...args: string[]) => spawnSync(process.execPath, ['--no-warnings', '--import', 'tsx', '--import', './scripts/polyfills.mjs', 'scripts/lake/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const sample = (p: string) => join(ROOT, 'sample-data/house-fd/source', p);

describe('pnpm lake', () => {
  it('house-fd parse prints a real PTR row by row, and --json gives the parser output', () => {
    const text = lake('house-fd', 'parse', sample('ptr-pdfs/2025/20026590.pdf'));
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/PTR 20026590 — .+ transactions/);
    expect(text.stdout).toMatch(/20026590-001 {2}\d{4}-\d{2}-\d{2}/);
    const json = JSON.parse(lake('house-fd', 'parse', sample('ptr-pdfs/2025/20026590.pdf'), '--json').stdout) as { kind: string; status: string; transactions: unknown[] };
    expect(json).toMatchObject({ kind: 'ptr', status: 'ok' });
    expect(json.transactions.length).toBeGreaterThan(0);
  });

  it('house-fd parse names the quarantine reason of a bad file and the counts of an index', () => {
    expect(lake('house-fd', 'parse', sample('ptr-pdfs/2025/20033421.pdf')).stdout).toContain('QUARANTINED — html_error_page');
    const index = lake('house-fd', 'parse', sample('financial-pdfs/2025FD.zip'));
    expect(index.stdout).toContain('2025FD.xml: filing index (xml), 1618 rows, 1616 filings kept');
    expect(index.stdout).toContain('P=471');
  });

  it('explains its usage and refuses unknown pipelines with exit code 2', () => {
    const res = lake('run', 'no_such_pipeline');
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('house_fd_pipeline');
    expect(lake('--help').stdout).toContain('lake run <pipeline>');
  });
});
