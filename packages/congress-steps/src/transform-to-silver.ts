import { BillParseError, type BillResponses, billToSilver, SILVER_COLUMNS, type SilverTable } from '@medallion/congress';
import { openDuck, writeRowsToParquet } from '@medallion/duck';
import { writeViaLocalFile } from '@medallion/lake';
import { z } from 'zod';
import { type Batch, keys, putJson, readJson } from './batch';
import type { StepDeps } from './config';
import { CONGRESS_DATASETS } from './datasets';
import { chunkSchema } from './fetch-bills';

const bronzeBillSchema = z.object({
  billId: z.string(),
  updateDate: z.string(),
  detail: z.unknown(),
  actions: z.unknown(),
  cosponsors: z.unknown(),
  committees: z.unknown(),
  subjects: z.unknown(),
  summaries: z.unknown(),
});

/** Sort order of each silver file (deterministic bytes for the same batch). */
const ORDER: Record<SilverTable, string[]> = {
  bills: ['bill_id'],
  bill_actions: ['bill_id', 'action_seq'],
  bill_sponsorships: ['bill_id', 'role', 'bioguide_id'],
  bill_committees: ['bill_id', 'committee_code', 'activity_date', 'activity'],
  bill_subjects: ['bill_id', 'kind', 'subject'],
  bill_summaries: ['bill_id', 'version_code', 'update_date'],
};

export const SILVER_QUALITY_CHECKS = ['silver_bills.yml', 'silver_bill_actions.yml', 'silver_bill_sponsorships.yml'];

/**
 * TransformToSilver: every bill of the batch's chunks, from bronze, into the six silver tables
 * (one file per table per batch). A bill whose responses lack what the tables need is
 * quarantined with the reason (resource and field) and counted; the others go on.
 */
export async function transformToSilver(deps: StepDeps, batch: Batch, chunks: number[]) {
  const rows: Record<SilverTable, Record<string, unknown>[]> = {
    bills: [],
    bill_actions: [],
    bill_sponsorships: [],
    bill_committees: [],
    bill_subjects: [],
    bill_summaries: [],
  };
  const quarantined: Record<string, string[]> = {};
  let billsIn = 0;
  for (const chunk of chunks) {
    for (const { billId, updateDate } of (await readJson(deps.lake, keys.chunk(batch.seq, chunk), chunkSchema)) ?? []) {
      const bronze = await readJson(deps.lake, keys.bronzeBill(billId, updateDate), bronzeBillSchema);
      if (!bronze) continue; // FetchDetails found it gone (404) and quarantined it
      billsIn++;
      try {
        const s = billToSilver(bronze as BillResponses);
        rows.bills.push(s.bill);
        rows.bill_actions.push(...s.actions);
        rows.bill_sponsorships.push(...s.sponsorships);
        rows.bill_committees.push(...s.committees);
        rows.bill_subjects.push(...s.subjects);
        rows.bill_summaries.push(...s.summaries);
      } catch (error) {
        if (!(error instanceof BillParseError)) throw error;
        const reason = `${error.message.split(':')[0]} malformed`;
        (quarantined[reason] ??= []).push(billId);
        await putJson(deps.lake, keys.quarantine(batch.seq, billId), { billId, updateDate, reason, detail: error.message });
      }
    }
  }
  const duck = await openDuck({ threads: 1 });
  try {
    for (const table of Object.keys(SILVER_COLUMNS) as SilverTable[]) {
      await writeViaLocalFile(deps.lake, keys.silver(table, batch.seq), (p) => writeRowsToParquet(duck, rows[table], SILVER_COLUMNS[table], p, ORDER[table]));
    }
  } finally {
    duck.close();
  }
  return {
    billsIn,
    billsOut: rows.bills.length,
    rows: Object.fromEntries(Object.entries(rows).map(([t, r]) => [t, r.length])),
    quarantined,
    datasets: CONGRESS_DATASETS,
    qualityChecks: SILVER_QUALITY_CHECKS,
  };
}
