import { openDuck, writeRowsToParquet } from '@medallion/duck';
import { writeViaLocalFile } from '@medallion/lake';
import { FilingParseError, filingsPageSchema, filingToSilver, LOBBYING_SILVER_COLUMNS, type LobbyingRows, type LobbyingSilverTable } from '@medallion/lobbying';
import { type Batch, keys, LOBBYING_DATASETS } from './batch';
import type { StepDeps } from './config';

const ORDER: Record<LobbyingSilverTable, string[]> = {
  filings: ['filing_uuid'],
  activities: ['filing_uuid', 'activity_seq'],
  lobbyists: ['filing_uuid', 'activity_seq', 'lobbyist_id'],
  government_entities: ['filing_uuid', 'activity_seq', 'entity_id'],
  bill_mentions: ['filing_uuid', 'activity_seq', 'bill_id'],
};

/** ParseToSilver: the batch's bronze pages → the five lobbying silver tables; a malformed filing is quarantined with its reason. */
export async function parseToSilver(deps: StepDeps, batch: Batch) {
  const rows: LobbyingRows = { filings: [], activities: [], lobbyists: [], government_entities: [], bill_mentions: [] };
  const seen = new Set<string>();
  const quarantined: Record<string, string[]> = {};
  let filingsIn = 0;
  for (const obj of await deps.lake.list(keys.bronzePrefix(batch.seq))) {
    const page = filingsPageSchema.parse(JSON.parse(Buffer.from((await deps.lake.get(obj.key))!).toString('utf8')));
    for (const raw of page.results) {
      filingsIn++;
      const id = String((raw as { filing_uuid?: unknown }).filing_uuid ?? `${obj.key}#${filingsIn}`);
      if (seen.has(id)) continue; // a filing on two pages (the list moved while paged)
      seen.add(id);
      try {
        const r = filingToSilver(raw);
        for (const t of Object.keys(rows) as LobbyingSilverTable[]) rows[t].push(...r[t]);
      } catch (error) {
        if (!(error instanceof FilingParseError)) throw error;
        const reason = `malformed ${error.message.split(':')[0]}`;
        (quarantined[reason] ??= []).push(id);
        await deps.lake.put(
          keys.quarantine(batch.seq, id.replace(/[^A-Za-z0-9-]/g, '_')),
          JSON.stringify({ id, reason, detail: error.message, raw }),
          'application/json',
        );
      }
    }
  }
  const duck = await openDuck({ threads: 1 });
  try {
    for (const t of Object.keys(rows) as LobbyingSilverTable[]) {
      await writeViaLocalFile(deps.lake, keys.silver(t, batch.seq), (p) => writeRowsToParquet(duck, rows[t], LOBBYING_SILVER_COLUMNS[t], p, ORDER[t]));
    }
  } finally {
    duck.close();
  }
  return {
    filingsIn,
    filingsOut: rows.filings.length,
    billMentions: rows.bill_mentions.length,
    quarantined,
    datasets: LOBBYING_DATASETS,
    qualityChecks: ['silver_lobbying_filings.yml'],
  };
}
