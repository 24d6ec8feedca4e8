import { committeeMembershipRows, MEMBER_COMMITTEE_COLUMNS, SILVER_COLUMNS, type SilverTable } from '@medallion/congress';
import { openDuck, writeRowsToParquet } from '@medallion/duck';
import { parquetRelationSql, writeParquetAtomically } from '@medallion/house-fd-gold';
import { writeViaLocalFile } from '@medallion/lake';
import { type Batch, keys } from './batch';
import type { StepDeps } from './config';
import { CONGRESS_DATASETS } from './datasets';

export const GOLD_QUALITY_CHECKS = ['gold_dim_bill.yml', 'gold_fact_bill_actions.yml', 'gold_bridge_bill_sponsor.yml'];

/** The latest version of each bill: its silver rows come from the batch that last fetched it. */
const LATEST = `
  SELECT bill_id, batch_seq FROM silver_bills
  QUALIFY row_number() OVER (PARTITION BY bill_id ORDER BY update_date DESC, batch_seq DESC) = 1`;

const GOLD_SQL: Record<string, string> = {
  dim_bill: `
    SELECT ('0x' || substr(md5(b.bill_id), 1, 15))::BIGINT AS bill_key, b.bill_id, congress, bill_type, bill_number, title,
           origin_chamber, introduced_date, policy_area, latest_action_date, latest_action_text, sponsor_bioguide_id,
           action_count, cosponsor_count, update_date, is_synthetic
    FROM silver_bills b JOIN latest USING (bill_id, batch_seq) ORDER BY b.bill_id`,
  fact_bill_actions: `
    SELECT a.bill_id, action_seq, action_date, action_time, action_code, action_type, action_text, source_system, committee_codes
    FROM silver_bill_actions a JOIN latest USING (bill_id, batch_seq) ORDER BY a.bill_id, action_seq`,
  bridge_bill_sponsor: `
    SELECT s.bill_id, bioguide_id, role, is_original_cosponsor, sponsorship_date, withdrawn_date, party, state, district
    FROM silver_bill_sponsorships s JOIN latest USING (bill_id, batch_seq) ORDER BY s.bill_id, role DESC, bioguide_id`,
  // congress.gov system codes → the committee ids of committee-membership-current.yaml (hsgo00 → HSGO, hsgo05 → HSGO05).
  bridge_bill_committee: `
    SELECT c.bill_id, upper(regexp_replace(committee_code, '00$', '')) AS committee_id, committee_code,
           any_value(committee_name ORDER BY committee_name) AS committee_name, any_value(chamber ORDER BY chamber) AS chamber,
           min(activity_date) AS first_activity_date
    FROM silver_bill_committees c JOIN latest USING (bill_id, batch_seq)
    GROUP BY ALL ORDER BY c.bill_id, committee_id`,
};

/**
 * BuildDimensions: the congress gold tables, rebuilt from every silver batch (the latest version of
 * each bill) — dim_bill, fact_bill_actions, bridge_bill_sponsor (sponsors and cosponsors by bioguide
 * id), bridge_bill_committee — and bridge_member_committee from the current committee membership.
 */
export async function buildDimensions(deps: StepDeps, batch: Batch) {
  const duck = await openDuck({ threads: 2 });
  try {
    for (const table of ['bills', 'bill_actions', 'bill_sponsorships', 'bill_committees'] as SilverTable[]) {
      const objects = await deps.lake.list(keys.silverPrefix(table));
      const files = await deps.lake.stage(objects.map((o) => o.key));
      const relation = parquetRelationSql(files, SILVER_COLUMNS[table], { filename: true });
      await duck.run(
        `CREATE OR REPLACE TEMP VIEW silver_${table} AS SELECT * EXCLUDE (filename), regexp_extract(filename, 'batch=(\\d+)', 1)::INTEGER AS batch_seq FROM ${relation}`,
      );
    }
    await duck.run(`CREATE OR REPLACE TEMP TABLE latest AS ${LATEST}`);
    const rows: Record<string, number> = {};
    for (const [table, sql] of Object.entries(GOLD_SQL)) {
      const { result } = await writeViaLocalFile(deps.lake, keys.gold(table), (p) => writeParquetAtomically(duck, sql, undefined, p));
      rows[table] = result;
    }
    const membership = await deps.lake.get(keys.bronzeCommitteeMembership());
    const memberCommittees = membership ? committeeMembershipRows(Buffer.from(membership).toString('utf8')) : [];
    await writeViaLocalFile(deps.lake, keys.gold('bridge_member_committee'), (p) =>
      writeRowsToParquet(duck, memberCommittees, MEMBER_COMMITTEE_COLUMNS, p, ['committee_id', 'bioguide_id']),
    );
    rows.bridge_member_committee = memberCommittees.length;
    return { batchSeq: batch.seq, rows, datasets: CONGRESS_DATASETS, qualityChecks: GOLD_QUALITY_CHECKS };
  } finally {
    duck.close();
  }
}
