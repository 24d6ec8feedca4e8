/**
 * Cross-check of the fmt emulation with the real `terraform fmt` when terraform is on PATH
 * (skipped otherwise): whitespace mutations of the repository's .tf files must be judged the
 * same way, and the expected line must be what terraform writes.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkFmt } from '../src/fmt';

const terraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
const infra = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../../infra');

function tfFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? tfFiles(p) : n.endsWith('.tf') || n.endsWith('.tfvars') ? [p] : [];
    });
}

const MUTATIONS: [RegExp, string][] = [
  [/ = /, '  = '],
  [/ +=/, ' ='],
  [/^ {2}/, ''],
  [/, /, ','],
  [/\(/, '( '],
  [/ \? /, '?'],
  [/ : /, ': '],
  [/\{ /, '{'],
  [/\]/, ' ]'],
  [/ => /, '=>'],
  [/\$\{/, '${ '],
];

describe('fmt emulation agrees with terraform fmt', () => {
  (terraform ? it : it.skip)('on mutated copies of the infra files', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let compared = 0;
    for (const file of tfFiles(infra).filter((_, i) => i % 4 === 0)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      for (let k = 0; k < 2; k++) {
        const [re, to] = MUTATIONS[rnd(MUTATIONS.length)];
        const copy = [...lines];
        const i = rnd(copy.length);
        copy[i] = copy[i].replace(re, to);
        const src = copy.join('\n');
        const formatted = execFileSync('terraform', ['fmt', '-'], { input: src, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
        const problems = checkFmt(src);
        expect({ file, line: i + 1, flagged: problems.length > 0 }).toEqual({ file, line: i + 1, flagged: formatted !== src });
        const out = formatted.split('\n');
        for (const p of problems) if (!p.expected.startsWith('the expression')) expect(p.expected).toBe(out[p.line - 1]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });
});
