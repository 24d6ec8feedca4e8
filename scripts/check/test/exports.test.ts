import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findUnusedExports } from '../exports';

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-exports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const pkg = (name: string) => JSON.stringify({ name });

describe('check:exports', () => {
  it('lists index exports that only the package itself uses, and none that another member imports', () => {
    const root = workspace({
      'packages/a/package.json': pkg('@m/a'),
      'packages/a/src/index.ts': "export { used, internal } from './impl';\nexport type { Shape } from './impl';\nexport * from './more';\n",
      'packages/a/src/impl.ts': 'export const used = 1;\nexport const internal = 2;\nexport interface Shape { x: number }\n',
      'packages/a/src/more.ts': 'export function viaStar() {}\nexport function starUnused() {}\n',
      // The package's own test importing from its index does not make an export public.
      'packages/a/test/a.test.ts': "import { internal, starUnused } from '../src/index';\n",
      'packages/b/package.json': pkg('@m/b'),
      'packages/b/src/index.ts': "import { used, viaStar } from '@m/a';\nimport type { Shape } from '@m/a';\nexport const b = used;\n",
      'functions/f/package.json': pkg('@m/fn-f'),
      'functions/f/src/index.ts': "import { b } from '@m/b';\nexport const handler = () => b;\n",
    });
    const unused = findUnusedExports(root).map((u) => `${u.file}:${u.line}: ${u.name}`);
    expect(unused).toEqual(['packages/a/src/index.ts:1: internal', 'packages/a/src/more.ts:2: starUnused']);
  });

  it("counts relative imports of another member's index, namespace imports, and examples/", () => {
    const root = workspace({
      'packages/a/package.json': pkg('@m/a'),
      'packages/a/src/index.ts': 'export const fromInfra = 1;\nexport const fromExample = 2;\nexport const unused = 3;\n',
      'packages/a/examples/quickstart.ts': "import { fromExample } from '@m/a';\n",
      'infra/test/x.test.ts': "import { fromInfra } from '../../packages/a/src/index';\n",
      'packages/c/package.json': pkg('@m/c'),
      'packages/c/src/index.ts': 'export const all = 1;\nexport const everything = 2;\n',
      'scripts/use-c.ts': "import * as c from '@m/c';\n",
    });
    expect(findUnusedExports(root)).toEqual([{ file: 'packages/a/src/index.ts', line: 3, name: 'unused' }]);
  });

  it('counts only the names a destructured dynamic import takes; other dynamic imports take the whole package', () => {
    const root = workspace({
      'packages/a/package.json': pkg('@m/a'),
      'packages/a/src/index.ts': 'export const lazy = 1;\nexport const renamed = 2;\nexport const hidden = 3;\n',
      'packages/b/package.json': pkg('@m/b'),
      'packages/b/src/index.ts': 'export const whole = 1;\nexport const alsoWhole = 2;\n',
      'packages/c/package.json': pkg('@m/c'),
      'packages/c/src/index.ts': 'export const spread = 1;\n',
      'packages/d/package.json': pkg('@m/d'),
      'packages/d/src/index.ts': [
        'export async function run() {',
        "  const { lazy, renamed: r = 0 } = await import('@m/a');",
        "  const b = await import('@m/b');",
        "  const { ...c } = await import('@m/c');",
        '  return [lazy, r, b, c];',
        '}',
      ].join('\n'),
      'scripts/use-d.ts': "import { run } from '@m/d';\n",
    });
    // Before: any import('@m/a') marked all of @m/a as used, so `hidden` went unreported.
    expect(findUnusedExports(root)).toEqual([{ file: 'packages/a/src/index.ts', line: 3, name: 'hidden' }]);
  });
});
