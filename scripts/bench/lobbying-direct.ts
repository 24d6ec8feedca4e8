/**
 * lobbying-pipeline's two modes over the same bronze pages. Ours: ParseToSilver + TransformToGold
 * (@medallion/lobbying-steps) on a local lake, as the state machine calls them. Direct: the same eight tables by
 * plain DuckDB — one typed read_json over every page, the filings unnested (a filing served on two pages kept once),
 * then a COPY per table.
 */
import { join } from 'node:path';
import { sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { parseToSilver, transformToGold } from '@medallion/lobbying-steps';
import { LOBBYING_BENCH_BATCH, lobbyingKeys } from './lobbying-bronze';
import { openDirectRun, type PipelineRun } from './pipeline-bench';

const SILVER = ['filings', 'activities', 'lobbyists', 'government_entities', 'bill_mentions'] as const;
const GOLD = ['lobbying_by_client', 'lobbying_by_issue', 'lobbying_by_bill'] as const;

const elapsed = (since: number) => (performance.now() - since) / 1000;

export async function lobbyingOurs(lakeDir: string): Promise<PipelineRun> {
  // The steps touch only the lake; the HTTP policy and DynamoDB are CheckNewFilings/DownloadFilings' (not timed here).
  const deps = { lake: localStore(lakeDir) } as unknown as Parameters<typeof parseToSilver>[0];
  let t = performance.now();
  await parseToSilver(deps, LOBBYING_BENCH_BATCH);
  const silverSeconds = elapsed(t);
  t = performance.now();
  await transformToGold(deps, LOBBYING_BENCH_BATCH);
  const goldSeconds = elapsed(t);
  const tables: PipelineRun['tables'] = {};
  for (const s of SILVER) tables[`silver_${s}`] = [join(lakeDir, 'silver/lobbying', s, 'batch=000001.parquet')];
  for (const g of GOLD) tables[g] = [join(lakeDir, 'gold/lobbying', g, `${g}.parquet`)];
  return { silverSeconds, goldSeconds, tables };
}

/** The fields of a `/filings/` result the tables need, typed (unknown fields are skipped by read_json). */
const ACTIVITY = `STRUCT(general_issue_code VARCHAR, general_issue_code_display VARCHAR, description VARCHAR,
  lobbyists STRUCT(lobbyist STRUCT(id BIGINT, first_name VARCHAR, middle_name VARCHAR, last_name VARCHAR, suffix VARCHAR), covered_position VARCHAR)[],
  government_entities STRUCT(id BIGINT, name VARCHAR)[])`;
const FILING = `STRUCT(filing_uuid VARCHAR, filing_type VARCHAR, filing_year INTEGER, filing_period VARCHAR, income VARCHAR, expenses VARCHAR,
  dt_posted VARCHAR, termination_date DATE, registrant STRUCT(id BIGINT, name VARCHAR), client STRUCT(id BIGINT, name VARCHAR, state VARCHAR),
  lobbying_activities ${ACTIVITY}[], _synthetic BOOLEAN)`;

/** "1,234.50" (or a number) → DECIMAL; null or '' → NULL. */
const amount = (e: string) => `nullif(regexp_replace(${e}, '[$,\\s]', '', 'g'), '')::DECIMAL(14,2)`;
/** A name part, or NULL when blank (concat_ws skips NULLs). */
const part = (e: string) => `CASE WHEN trim(${e}, ' ' || chr(9) || chr(10) || chr(13)) <> '' THEN ${e} END`;
/** @medallion/lobbying's BILL_MENTION, for RE2 (options 'i'). */
const MENTION = String.raw`\b(H\.?\s?R\.?|S\.?|H\.?\s?J\.?\s?RES\.?|S\.?\s?J\.?\s?RES\.?|H\.?\s?RES\.?|S\.?\s?RES\.?)\s?(\d{1,5})\b`;
const BILL_TYPE = `CASE upper(regexp_replace(regexp_extract(m, '${MENTION}', 1, 'i'), '[.\\s]', '', 'g'))
  WHEN 'HR' THEN 'hr' WHEN 'S' THEN 's' WHEN 'HJRES' THEN 'hjres' WHEN 'SJRES' THEN 'sjres' WHEN 'HRES' THEN 'hres' WHEN 'SRES' THEN 'sres' END`;

const SILVER_SQL: Record<(typeof SILVER)[number], string> = {
  filings: `SELECT filing_uuid, filing_type, filing_year, filing_period, registrant.id AS registrant_id, registrant.name AS registrant_name,
      client.id AS client_id, client.name AS client_name, client.state AS client_state, ${amount('income')} AS income, ${amount('expenses')} AS expenses,
      date_trunc('second', timezone('UTC', dt_posted::TIMESTAMPTZ)) AS posted_at, termination_date, coalesce(_synthetic, false) AS is_synthetic
    FROM raw ORDER BY filing_uuid`,
  activities: `SELECT filing_uuid, activity_seq, a.general_issue_code AS issue_code, a.general_issue_code_display AS issue_display, a.description
    FROM acts ORDER BY filing_uuid, activity_seq`,
  lobbyists: `SELECT filing_uuid, activity_seq, l.lobbyist.id AS lobbyist_id,
      concat_ws(' ', ${part('l.lobbyist.first_name')}, ${part('l.lobbyist.middle_name')}, ${part('l.lobbyist.last_name')}, ${part('l.lobbyist.suffix')}) AS full_name,
      l.covered_position
    FROM (SELECT filing_uuid, activity_seq, unnest(a.lobbyists) AS l FROM acts) ORDER BY filing_uuid, activity_seq, lobbyist_id`,
  government_entities: `SELECT filing_uuid, activity_seq, g.id AS entity_id, g.name AS entity_name
    FROM (SELECT filing_uuid, activity_seq, unnest(a.government_entities) AS g FROM acts) ORDER BY filing_uuid, activity_seq, entity_id`,
  // Bills as ids of the Congress in session in the filing year (the steps' stated limit, kept).
  bill_mentions: `SELECT DISTINCT filing_uuid, activity_seq, ((filing_year - 1789) // 2 + 1) || '-' || ${BILL_TYPE} || '-' || regexp_extract(m, '${MENTION}', 2, 'i')::INTEGER AS bill_id
    FROM (SELECT filing_uuid, activity_seq, filing_year, unnest(regexp_extract_all(a.description, '${MENTION}', 0, 'i')) AS m FROM acts)
    ORDER BY filing_uuid, activity_seq, bill_id`,
};

/** TransformToGold's three tables (lobbying-steps gold.ts), over the silver tables above. */
const AMOUNT = 'coalesce(f.income, f.expenses, 0)';
const GOLD_SQL: Record<(typeof GOLD)[number], string> = {
  lobbying_by_client: `SELECT client_id, any_value(client_name ORDER BY posted_at DESC) AS client_name, filing_year,
      count(*)::INTEGER AS filings, count(DISTINCT registrant_id)::INTEGER AS registrants,
      sum(f.income) AS income_total, sum(f.expenses) AS expenses_total, sum(${AMOUNT}) AS amount_total, bool_or(is_synthetic) AS is_synthetic
    FROM filings f GROUP BY client_id, filing_year ORDER BY filing_year, client_id`,
  lobbying_by_issue: `SELECT a.issue_code, any_value(a.issue_display) AS issue_display, f.filing_year,
      count(DISTINCT f.filing_uuid)::INTEGER AS filings, count(DISTINCT f.client_id)::INTEGER AS clients, bool_or(f.is_synthetic) AS is_synthetic
    FROM activities a JOIN filings f USING (filing_uuid) GROUP BY a.issue_code, f.filing_year ORDER BY f.filing_year, a.issue_code`,
  lobbying_by_bill: `SELECT m.bill_id, f.filing_year, count(DISTINCT f.filing_uuid)::INTEGER AS filings, count(DISTINCT f.client_id)::INTEGER AS clients,
      count(DISTINCT f.registrant_id)::INTEGER AS registrants, list_sort(list(DISTINCT f.client_name))[1:20] AS client_names,
      sum(f.filing_amount) AS amount_of_filings_total, bool_or(f.is_synthetic) AS is_synthetic
    FROM (SELECT DISTINCT filing_uuid, bill_id FROM bill_mentions) m JOIN (SELECT *, ${AMOUNT} AS filing_amount FROM filings f) f USING (filing_uuid)
    GROUP BY m.bill_id, f.filing_year ORDER BY m.bill_id, f.filing_year`,
};

export async function lobbyingDirect(lakeDir: string, outDir: string): Promise<PipelineRun> {
  const { duck, tables, copy } = await openDirectRun(outDir);
  try {
    let t = performance.now();
    // DownloadFilings stores each page as one line of JSON, so the reader can skip format detection.
    await duck.run(
      `CREATE TEMP TABLE raw AS SELECT f.* FROM (
         SELECT filename, unnest(range(len(results))) AS i, unnest(results) AS f
         FROM read_json(${sqlPath(join(lakeDir, lobbyingKeys.bronzePagesGlob))}, format = 'newline_delimited', hive_partitioning = false, filename = true,
                        columns = {'results': '${FILING.replace(/\s+/g, ' ')}[]'}))
       QUALIFY row_number() OVER (PARTITION BY f.filing_uuid ORDER BY filename, i) = 1`,
    );
    await duck.run(
      `CREATE TEMP TABLE acts AS SELECT filing_uuid, filing_year, seq::INTEGER AS activity_seq, a FROM (
         SELECT filing_uuid, filing_year, unnest(range(1, len(lobbying_activities) + 1)) AS seq, unnest(lobbying_activities) AS a FROM raw)`,
    );
    for (const [table, sql] of Object.entries(SILVER_SQL)) {
      await duck.run(`CREATE TEMP TABLE ${table} AS ${sql}`);
      await copy(`silver_${table}`, `SELECT * FROM ${table}`);
    }
    const silverSeconds = elapsed(t);
    t = performance.now();
    for (const [table, sql] of Object.entries(GOLD_SQL)) await copy(table, sql);
    return { silverSeconds, goldSeconds: elapsed(t), tables };
  } finally {
    duck.close();
  }
}
