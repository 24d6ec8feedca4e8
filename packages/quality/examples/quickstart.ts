/**
 * A self-contained scan: write a small parquet file with DuckDB, check it with SodaCL.
 *   npx tsx --import ./scripts/polyfills.mjs packages/quality/examples/quickstart.ts
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck, sqlPath } from '@medallion/duck';
import { formatSummary, scan } from '@medallion/quality';

const dir = await mkdtemp(join(tmpdir(), 'quality-example-'));
const file = join(dir, 'trades.parquet');
const duck = await openDuck();
await duck.run(`COPY (SELECT * FROM (VALUES
    ('20026590-001', 'NVDA', 'Purchase', 250001, 500000),
    ('20026590-002', 'AAPL', 'Sale (Partial)', 5000001, 25000000),
    ('20027933-001', NULL, 'Gift', 1001, 15000)
  ) AS t(transaction_id, ticker, transaction_type, amount_low, amount_high)) TO ${sqlPath(file)} (FORMAT parquet)`);
duck.close();

const result = await scan({
  tables: { trades: file },
  lakeDir: dir, // metric history for change/anomaly checks goes to <dir>/quality/metrics
  checksYaml: [
    `
checks for trades:
  - row_count > 0
  - duplicate_count(transaction_id) = 0
  - missing_percent(ticker) < 50
  - invalid_count(transaction_type) = 0:
      valid values: [Purchase, Sale, Sale (Partial), Exchange]
  - failed rows:
      name: amount ranges are ordered
      fail condition: amount_low > amount_high
  - change for row_count >= 0
`,
  ],
});
console.log(formatSummary(result));
console.log(`exit code ${result.exitCode}`);
