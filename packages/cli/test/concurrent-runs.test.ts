/**
 * Two `lake run` processes on one lake at once (docs/RUNBOOK.md): the first serves the lake's
 * DynamoDB, the second attaches to it; one run ends Done, the other Superseded, and neither dies.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copySource, tempDir } from '../../../scripts/test/helpers/house-fd';

const ROOT = resolve(import.meta.dirname, '../../..');

function lakeRun(source: string, lakeDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HOUSE_FD_')));
  const child = spawn(process.execPath, ['packages/cli/bin/lake.mjs', 'run', 'house_fd_pipeline', '--source', source, '--lake', lakeDir], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('two lake run processes on one lake', () => {
  it('end as one Done and one Superseded, sharing one DynamoDB, and leave no host or attachment behind', async () => {
    const source = copySource();
    const lakeDir = tempDir('lake-2proc');
    const [a, b] = await Promise.all([lakeRun(source, lakeDir), lakeRun(source, lakeDir)]);
    for (const r of [a, b]) {
      if (r.code !== 0) throw new Error(`lake run exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
      expect(r.stderr).not.toContain('Database is closed');
    }
    const ends = [a, b].map((r) => /\(ended at (\w+)\)/.exec(r.stdout)?.[1]).sort();
    expect(ends).toEqual(['Done', 'Superseded']);
    for (const r of [a, b]) expect(r.stdout).toContain('Watermark: seq 0 → 1');
    expect(readdirSync(join(lakeDir, '.dynamodb')).filter((f) => f === 'host.json' || f.startsWith('attached-'))).toEqual([]);
    expect(existsSync(join(lakeDir, 'gold/house_fd/fact_ptr_transactions/batch=000001.parquet'))).toBe(true);
  }, 180_000);
});
