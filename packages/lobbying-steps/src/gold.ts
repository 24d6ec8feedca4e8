import { openDuck } from '@medallion/duck';
import { parquetRelationSql, writeParquetAtomically } from '@medallion/house-fd-gold';
import { writeViaLocalFile } from '@medallion/lake';
import { LOBBYING_SILVER_COLUMNS } from '@medallion/lobbying';
import { type Batch, keys, LOBBYING_DATASETS } from './batch';
import type { StepDeps } from './config';

/** Amount of a filing: income (an outside firm's fee) or expenses (an in-house registrant's spend); never both. */
const AMOUNT = 'coalesce(f.income, f.expenses, 0)';

const GOLD_SQL: Record<string, string> = {
  lobbying_by_client: `
    SELECT client_id, any_value(client_name ORDER BY posted_at DESC) AS client_name, filing_year,
           count(*)::INTEGER AS filings, count(DISTINCT registrant_id)::INTEGER AS registrants,
           sum(f.income) AS income_total, sum(f.expenses) AS expenses_total, sum(${AMOUNT}) AS amount_total, bool_or(is_synthetic) AS is_synthetic
    FROM filings f GROUP BY client_id, filing_year ORDER BY filing_year, client_id`,
  lobbying_by_issue: `
    SELECT a.issue_code, any_value(a.issue_display) AS issue_display, f.filing_year,
           count(DISTINCT f.filing_uuid)::INTEGER AS filings, count(DISTINCT f.client_id)::INTEGER AS clients,
           bool_or(f.is_synthetic) AS is_synthetic
    FROM activities a JOIN filings f USING (filing_uuid) GROUP BY a.issue_code, f.filing_year ORDER BY f.filing_year, a.issue_code`,
  // A filing's amount is not split by activity in LDA reports: amount_of_filings_total sums whole filings that mention the bill.
  lobbying_by_bill: `
    SELECT m.bill_id, f.filing_year, count(DISTINCT f.filing_uuid)::INTEGER AS filings, count(DISTINCT f.client_id)::INTEGER AS clients,
           count(DISTINCT f.registrant_id)::INTEGER AS registrants, list_sort(list(DISTINCT f.client_name))[1:20] AS client_names,
           sum(f.filing_amount) AS amount_of_filings_total, bool_or(f.is_synthetic) AS is_synthetic
    FROM (SELECT DISTINCT filing_uuid, bill_id FROM bill_mentions) m JOIN (SELECT *, ${AMOUNT} AS filing_amount FROM filings f) f USING (filing_uuid)
    GROUP BY m.bill_id, f.filing_year ORDER BY m.bill_id, f.filing_year`,
};

/** TransformToGold: lobbying by client, issue and bill over every silver batch (the latest posting of each filing). */
export async function transformToGold(deps: StepDeps, batch: Batch) {
  const duck = await openDuck({ threads: 2 });
  try {
    for (const t of ['filings', 'activities', 'bill_mentions'] as const) {
      const files = await deps.lake.stage((await deps.lake.list(keys.silverPrefix(t))).map((o) => o.key));
      await duck.run(`CREATE OR REPLACE TEMP VIEW silver_${t} AS SELECT * FROM ${parquetRelationSql(files, LOBBYING_SILVER_COLUMNS[t])}`);
    }
    await duck.run(
      `CREATE OR REPLACE TEMP TABLE filings AS SELECT * FROM silver_filings QUALIFY row_number() OVER (PARTITION BY filing_uuid ORDER BY posted_at DESC) = 1`,
    );
    await duck.run(`CREATE OR REPLACE TEMP TABLE activities AS SELECT DISTINCT * FROM silver_activities`);
    await duck.run(`CREATE OR REPLACE TEMP TABLE bill_mentions AS SELECT DISTINCT * FROM silver_bill_mentions`);
    const rows: Record<string, number> = {};
    for (const [table, sql] of Object.entries(GOLD_SQL)) {
      rows[table] = (await writeViaLocalFile(deps.lake, keys.gold(table), (p) => writeParquetAtomically(duck, sql, undefined, p))).result;
    }
    return { batchSeq: batch.seq, rows, datasets: LOBBYING_DATASETS, qualityChecks: ['gold_lobbying_by_bill.yml'] };
  } finally {
    duck.close();
  }
}
