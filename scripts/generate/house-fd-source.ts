// Writes a synthetic House Clerk source directory (financial-pdfs/YYYYFD.zip, ptr-pdfs/YYYY/<DocID>.pdf,
// members/legislators-current.yaml). Same arguments → byte-identical files.
//
//   npx tsx --import ./scripts/polyfills.mjs scripts/generate/house-fd-source.ts --out DIR --filings N --seed S --year YYYY
//       [--members sample-data/house-fd/source/members/legislators-current.yaml] [--max-rows 12]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
// Relative import: the root package does not list workspace packages as dependencies.
import { buildSyntheticSource, parseLegislators } from '@medallion/house-fd';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    filings: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    year: { type: 'string', default: '2025' },
    members: { type: 'string', default: 'sample-data/house-fd/source/members/legislators-current.yaml' },
    'max-rows': { type: 'string', default: '12' },
  },
});

const positiveInt = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return n;
};

async function main(): Promise<void> {
  if (!values.out) throw new Error('--out DIR is required');
  const membersYaml = await readFile(values.members!, 'utf8');
  const source = await buildSyntheticSource({
    members: parseLegislators(membersYaml),
    membersYaml,
    year: positiveInt('year', values.year),
    filings: positiveInt('filings', values.filings),
    seed: values.seed!,
    maxRowsPerFiling: positiveInt('max-rows', values['max-rows']),
  });
  const out = resolve(values.out);
  for (const [path, bytes] of source.files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), bytes);
  }
  const rows = source.filings.reduce((n, f) => n + f.rows.length, 0);
  console.log(JSON.stringify({ out, files: source.files.length, filings: source.filings.length, transactions: rows }));
}

main().catch((err: Error) => {
  console.error(`house-fd-source: ${err.message}`);
  process.exit(1);
});
