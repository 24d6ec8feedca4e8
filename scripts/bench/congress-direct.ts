/**
 * congress-pipeline's two modes over the same bronze. Ours: TransformToSilver + BuildDimensions
 * (@medallion/congress-steps) on a local lake, as the state machine calls them. Direct: the same eleven tables by
 * plain DuckDB — one typed read_json over every bronze bill, then a COPY per table (the committee membership YAML
 * turned into JSON first: DuckDB reads no YAML). Bronze is cut to the latest version of each bill as it is read.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDimensions, transformToSilver } from '@medallion/congress-steps';
import { sqlPath } from '@medallion/duck';
import { localStore } from '@medallion/lake';
import { parse as parseYaml } from 'yaml';
import { BENCH_BATCH, congressKeys } from './congress-bronze';
import { openDirectRun, type PipelineRun } from './pipeline-bench';

const SILVER = ['bills', 'bill_actions', 'bill_sponsorships', 'bill_committees', 'bill_subjects', 'bill_summaries'] as const;
const GOLD = ['dim_bill', 'fact_bill_actions', 'bridge_bill_sponsor', 'bridge_bill_committee', 'bridge_member_committee'] as const;

const elapsed = (since: number) => (performance.now() - since) / 1000;

export async function congressOurs(lakeDir: string): Promise<PipelineRun> {
  const lake = localStore(lakeDir);
  // The steps touch only the lake; the API client and DynamoDB are FetchBills/FetchDetails' (not timed here).
  const deps = { lake } as unknown as Parameters<typeof transformToSilver>[0];
  const chunks = (await lake.list(congressKeys.chunksPrefix)).map((o) => Number(/chunk=(\d+)/.exec(o.key)![1]));
  let t = performance.now();
  await transformToSilver(deps, BENCH_BATCH, chunks);
  const silverSeconds = elapsed(t);
  t = performance.now();
  await buildDimensions(deps, BENCH_BATCH);
  const goldSeconds = elapsed(t);
  const tables: PipelineRun['tables'] = {};
  for (const s of SILVER) tables[`silver_${s}`] = [join(lakeDir, 'silver/congress', s, 'batch=000001.parquet')];
  for (const g of GOLD) tables[g] = [join(lakeDir, 'gold/congress', g, `${g}.parquet`)];
  return { silverSeconds, goldSeconds, tables };
}

/** The parts of each response the tables need, typed (unknown fields are skipped by read_json). */
const PERSON = 'bioguideId VARCHAR, district INTEGER, party VARCHAR, state VARCHAR';
const ACTIVITY = 'STRUCT(date VARCHAR, name VARCHAR)[]';
const BRONZE_COLUMNS = {
  detail: `STRUCT(bill STRUCT(congress INTEGER, type VARCHAR, number VARCHAR, title VARCHAR, originChamber VARCHAR, introducedDate DATE,
    updateDate VARCHAR, policyArea STRUCT(name VARCHAR), latestAction STRUCT(actionDate DATE, text VARCHAR), sponsors STRUCT(${PERSON})[], _synthetic BOOLEAN))`,
  actions: `STRUCT(actions STRUCT(actionCode VARCHAR, actionDate DATE, actionTime VARCHAR, text VARCHAR, type VARCHAR,
    sourceSystem STRUCT(name VARCHAR), committees STRUCT(systemCode VARCHAR)[])[])`,
  cosponsors: `STRUCT(cosponsors STRUCT(${PERSON}, isOriginalCosponsor BOOLEAN, sponsorshipDate DATE, sponsorshipWithdrawnDate DATE)[])`,
  committees: `STRUCT(committees STRUCT(systemCode VARCHAR, name VARCHAR, chamber VARCHAR, activities ${ACTIVITY},
    subcommittees STRUCT(systemCode VARCHAR, name VARCHAR, activities ${ACTIVITY})[])[])`,
  subjects: 'STRUCT(subjects STRUCT(legislativeSubjects STRUCT(name VARCHAR)[], policyArea STRUCT(name VARCHAR)))',
  summaries: 'STRUCT(summaries STRUCT(versionCode VARCHAR, actionDate DATE, actionDesc VARCHAR, text VARCHAR, updateDate VARCHAR)[])',
};

/** congress.gov's '2022-03-25T01:16:59Z' (or a bare date) → TIMESTAMP, UTC. */
const ts = (e: string) => `left(replace(${e}, 'T', ' '), 19)::TIMESTAMP`;
const WHITESPACE = `' ' || chr(9) || chr(10) || chr(13)`;

const SILVER_SQL: Record<(typeof SILVER)[number], string> = {
  bills: `SELECT bill_id, b.congress, lower(b.type) AS bill_type, b.number::INTEGER AS bill_number, b.title, b.originChamber AS origin_chamber,
      b.introducedDate AS introduced_date, ${ts('b.updateDate')} AS update_date, coalesce(b.policyArea.name, subjects.subjects.policyArea.name) AS policy_area,
      b.latestAction.actionDate AS latest_action_date, b.latestAction.text AS latest_action_text, b.sponsors[1].bioguideId AS sponsor_bioguide_id,
      len(actions.actions)::INTEGER AS action_count, len(list_filter(cosponsors.cosponsors, c -> c.sponsorshipWithdrawnDate IS NULL))::INTEGER AS cosponsor_count,
      len(committees.committees)::INTEGER AS committee_count, len(subjects.subjects.legislativeSubjects)::INTEGER AS subject_count,
      coalesce(b._synthetic, false) AS is_synthetic
    FROM (SELECT *, detail.bill AS b FROM bronze) ORDER BY bill_id`,
  // The API lists actions newest first; action_seq numbers them oldest first.
  bill_actions: `SELECT bill_id, seq::INTEGER AS action_seq, a.actionDate AS action_date, a.actionTime AS action_time, a.actionCode AS action_code,
      a.type AS action_type, a.text AS action_text, a.sourceSystem.name AS source_system,
      coalesce(list_transform(a.committees, c -> c.systemCode), []::VARCHAR[]) AS committee_codes
    FROM (SELECT bill_id, unnest(range(1, len(l) + 1)) AS seq, unnest(l) AS a FROM (SELECT bill_id, list_reverse(actions.actions) AS l FROM bronze))
    ORDER BY bill_id, action_seq`,
  bill_sponsorships: `SELECT * FROM (
        SELECT bill_id, p.bioguideId AS bioguide_id, 'sponsor' AS role, NULL::BOOLEAN AS is_original_cosponsor, introduced AS sponsorship_date,
               NULL::DATE AS withdrawn_date, p.party, p.state, p.district
          FROM (SELECT bill_id, detail.bill.introducedDate AS introduced, unnest(detail.bill.sponsors) AS p FROM bronze)
        UNION ALL
        SELECT bill_id, p.bioguideId, 'cosponsor', p.isOriginalCosponsor, p.sponsorshipDate, p.sponsorshipWithdrawnDate, p.party, p.state, p.district
          FROM (SELECT bill_id, unnest(cosponsors.cosponsors) AS p FROM bronze))
    ORDER BY bill_id, role, bioguide_id`,
  bill_committees: `SELECT bill_id, code AS committee_code, parent AS parent_committee_code, name AS committee_name, chamber, a.name AS activity,
      ${ts('a.date')} AS activity_date
    FROM (SELECT bill_id, code, parent, name, chamber, unnest(activities) AS a FROM (
            SELECT bill_id, c.systemCode AS code, NULL::VARCHAR AS parent, c.name, c.chamber, c.activities
              FROM (SELECT bill_id, unnest(committees.committees) AS c FROM bronze)
            UNION ALL
            SELECT bill_id, s.systemCode, code, s.name, chamber, s.activities
              FROM (SELECT bill_id, c.systemCode AS code, c.chamber, unnest(c.subcommittees) AS s FROM (SELECT bill_id, unnest(committees.committees) AS c FROM bronze))))
    ORDER BY bill_id, committee_code, activity_date, activity`,
  bill_subjects: `SELECT * FROM (
        SELECT bill_id, x.name AS subject, 'legislative' AS kind FROM (SELECT bill_id, unnest(subjects.subjects.legislativeSubjects) AS x FROM bronze)
        UNION ALL SELECT bill_id, subjects.subjects.policyArea.name, 'policy_area' FROM bronze WHERE subjects.subjects.policyArea IS NOT NULL)
    ORDER BY bill_id, kind, subject`,
  bill_summaries: `SELECT bill_id, s.versionCode AS version_code, s.actionDate AS action_date, s.actionDesc AS action_desc,
      trim(s.text, ${WHITESPACE}) AS summary_html, ${ts('s.updateDate')} AS update_date
    FROM (SELECT bill_id, unnest(summaries.summaries) AS s FROM bronze) ORDER BY bill_id, version_code, update_date`,
};

/** The gold tables BuildDimensions writes (silver here already holds only the latest version of each bill). */
const GOLD_SQL: Record<Exclude<(typeof GOLD)[number], 'bridge_member_committee'>, string> = {
  dim_bill: `SELECT ('0x' || substr(md5(bill_id), 1, 15))::BIGINT AS bill_key, bill_id, congress, bill_type, bill_number, title, origin_chamber,
      introduced_date, policy_area, latest_action_date, latest_action_text, sponsor_bioguide_id, action_count, cosponsor_count, update_date, is_synthetic
    FROM silver_bills ORDER BY bill_id`,
  fact_bill_actions: `SELECT bill_id, action_seq, action_date, action_time, action_code, action_type, action_text, source_system, committee_codes
    FROM silver_bill_actions ORDER BY bill_id, action_seq`,
  bridge_bill_sponsor: `SELECT bill_id, bioguide_id, role, is_original_cosponsor, sponsorship_date, withdrawn_date, party, state, district
    FROM silver_bill_sponsorships ORDER BY bill_id, role DESC, bioguide_id`,
  bridge_bill_committee: `SELECT bill_id, upper(regexp_replace(committee_code, '00$', '')) AS committee_id, committee_code,
      any_value(committee_name ORDER BY committee_name) AS committee_name, any_value(chamber ORDER BY chamber) AS chamber, min(activity_date) AS first_activity_date
    FROM silver_bill_committees GROUP BY ALL ORDER BY bill_id, committee_id`,
};

export async function congressDirect(lakeDir: string, outDir: string): Promise<PipelineRun> {
  const { duck, tables, copy } = await openDirectRun(outDir);
  try {
    let t = performance.now();
    // FetchDetails writes each bill as one line of JSON (putJson), so the reader can skip format detection.
    const columns = `{${Object.entries(BRONZE_COLUMNS)
      .map(([k, v]) => `'${k}': '${v.replace(/\s+/g, ' ')}'`)
      .join(', ')}}`;
    await duck.run(
      `CREATE TEMP TABLE bronze AS SELECT detail.bill.congress || '-' || lower(detail.bill.type) || '-' || detail.bill.number::INTEGER AS bill_id, *
       FROM read_json(${sqlPath(join(lakeDir, congressKeys.bronzeBillsGlob))}, format = 'newline_delimited', hive_partitioning = false, columns = ${columns})
       QUALIFY row_number() OVER (PARTITION BY bill_id ORDER BY detail.bill.updateDate DESC) = 1`,
    );
    for (const [table, sql] of Object.entries(SILVER_SQL)) {
      await duck.run(`CREATE TEMP TABLE silver_${table} AS ${sql}`);
      await copy(`silver_${table}`, `SELECT * FROM silver_${table}`);
    }
    const silverSeconds = elapsed(t);
    t = performance.now();
    for (const [table, sql] of Object.entries(GOLD_SQL)) await copy(table, sql);
    const membership = join(outDir, 'committee-membership.json');
    await writeFile(membership, JSON.stringify(parseYaml(await readFile(join(lakeDir, congressKeys.committeeMembership), 'utf8'))));
    await copy(
      'bridge_member_committee',
      `SELECT m.bioguide AS bioguide_id, committee_id, m.rank::INTEGER AS rank, m.title
       FROM (SELECT unnest(map_keys(json)) AS committee_id, unnest(map_values(json)) AS seats
             FROM read_json(${sqlPath(membership)}, records = false, columns = {'json': 'MAP(VARCHAR, STRUCT(bioguide VARCHAR, rank INTEGER, title VARCHAR)[])'}))
       , unnest(seats) AS u(m) ORDER BY committee_id, bioguide_id`,
    );
    return { silverSeconds, goldSeconds: elapsed(t), tables };
  } finally {
    duck.close();
  }
}
