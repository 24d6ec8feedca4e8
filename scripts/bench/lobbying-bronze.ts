/**
 * lobbying-pipeline's input: a lake whose bronze holds the `/api/v1/filings/` pages DownloadFilings would have stored
 * for one batch (25 filings a page, two filing years), so no HTTP is timed. Filings are the package's generator,
 * widened below toward real LDA reports, plus one filing shaped as the LDA documentation shows it.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generatedFiling } from '@medallion/lobbying';
import { batchPartition, medallionKey } from '@medallion/lake';
import { REPO_ROOT } from './paths';

export const LOBBYING_BENCH_BATCH = { seq: 1, fromSeq: 0, ts: '2026-01-01T00:00:00Z', years: [2024, 2025], fingerprints: {} };
const PAGE_SIZE = 25;

// The lake layout lobbying-steps writes (its batch.ts `keys`; not exported, so spelled out here).
export const lobbyingKeys = {
  bronzePage: (year: number, page: number) =>
    medallionKey('bronze', 'lobbying', batchPartition(LOBBYING_BENCH_BATCH.seq), `year=${year}`, `page=${String(page).padStart(5, '0')}.json`),
  bronzePagesGlob: `bronze/lobbying/${batchPartition(LOBBYING_BENCH_BATCH.seq)}/*/*.json`,
};

// Real LDA general issue codes and government entities.
const ISSUES: [string, string][] = [
  ['TAX', 'Taxation/Internal Revenue Code'],
  ['FIN', 'Financial Institutions/Investments/Securities'],
  ['HCR', 'Health Issues'],
  ['DEF', 'Defense'],
  ['ENG', 'Energy/Nuclear'],
  ['TRD', 'Trade (Domestic & Foreign)'],
  ['BUD', 'Budget/Appropriations'],
  ['TEC', 'Telecommunications'],
  ['AGR', 'Agriculture'],
  ['TRA', 'Transportation'],
  ['ENV', 'Environmental/Superfund'],
  ['IMM', 'Immigration'],
  ['EDU', 'Education'],
  ['CPI', 'Computer Industry'],
];
const ENTITIES = ['HOUSE OF REPRESENTATIVES', 'SENATE', 'Treasury, Dept of', 'Defense, Dept of', 'Commerce, Dept of', 'Health & Human Services, Dept of'];
const BILL_REFS = Array.from({ length: 2_000 }, (_, k) => [`H.R. ${1 + k * 4}`, `S.${1 + k * 2}`, `H.J.Res. ${1 + (k % 120)}`, `S. ${3 + k * 3}`][k % 4]!);

type Obj = Record<string, unknown>;

/**
 * Filing `i` of `year`: generatedFiling (one activity, one lobbyist, 7 registrants, 11 clients) widened toward a
 * real quarter of LDA reports: 1–4 activities of 1–4 lobbyists and 1–3 entities each, up to two bills mentioned,
 * ~2,500 clients filing every quarter through ~600 registrants, Q1–Q4.
 */
export function benchFiling(i: number, year: number): Obj {
  const f = generatedFiling(i, year, { bills: BILL_REFS }) as Obj;
  const quarter = i % 4;
  const client = Math.floor(i / 4) % 2_500;
  const registrant = Math.floor(i / 4) % 600;
  f.filing_type = `Q${quarter + 1}`;
  f.registrant = { id: 400_000 + registrant, name: `Generated Registrant ${registrant}`, state: 'DC', country: 'US' };
  f.client = {
    id: 1_000 + client,
    name: `Generated Client ${client}`,
    general_description: 'Generated',
    state: ['NY', 'CA', 'TX', 'DC'][client % 4],
    country: 'US',
  };
  const activities = f.lobbying_activities as Obj[];
  for (let k = 1; k < 1 + (i % 4); k++) {
    const [code, display] = ISSUES[(i + k * 5) % ISSUES.length]!;
    const mentions = (i + k) % 3 === 0 ? '' : ` including ${BILL_REFS[(i * 7 + k) % BILL_REFS.length]} and ${BILL_REFS[(i * 13 + k) % BILL_REFS.length]}`;
    activities.push({
      general_issue_code: code,
      general_issue_code_display: display,
      description: `Monitor legislation on ${display.toLowerCase()}${mentions}.`,
      lobbyists: Array.from({ length: 1 + ((i + k) % 4) }, (_, j) => {
        const id = 50_000 + ((i * 7 + k * 13 + j * 101) % 8_000);
        return {
          lobbyist: { id, first_name: 'Pat', middle_name: j % 2 ? 'Q.' : null, last_name: `Lobbyist${id}`, suffix: null },
          covered_position: j === 0 && k === 1 ? 'Former Legislative Assistant' : null,
          new: j === 0,
        };
      }),
      government_entities: Array.from({ length: 1 + ((i + k) % 3) }, (_, j) => ({
        id: 1 + ((k + j) % ENTITIES.length),
        name: ENTITIES[(k + j) % ENTITIES.length]!,
      })),
    });
  }
  return f;
}

/** One filing as the LDA API documents it (offset timestamp, income with commas, middle name and suffix, extra fields), moved into the batch's first year. */
const DOCUMENTED_FILING: Obj = {
  ...(JSON.parse(readFileSync(join(REPO_ROOT, 'sample-data/lobbying/documented-filing.json'), 'utf8')) as Obj),
  filing_year: 2024,
  dt_posted: '2024-04-19T12:34:56-04:00',
};

async function put(lakeDir: string, key: string, body: string): Promise<void> {
  const path = join(lakeDir, key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}

/** `filings` filings split over the batch's two years (plus the documented one, twice), as 25-filing pages with `next` links. */
export async function writeLobbyingBronze(lakeDir: string, filings: number): Promise<void> {
  const [first, second] = LOBBYING_BENCH_BATCH.years as [number, number];
  const perYear: Record<number, Obj[]> = { [first]: [DOCUMENTED_FILING], [second]: [] };
  for (let i = 0; i < filings; i++) {
    const year = i % 2 === 0 ? first : second;
    perYear[year]!.push(benchFiling(Math.floor(i / 2), year));
  }
  // The list moved while it was paged: the documented filing is served again on the last page (parsed once).
  perYear[first]!.push(DOCUMENTED_FILING);
  for (const [year, all] of Object.entries(perYear)) {
    const pages = Math.ceil(all.length / PAGE_SIZE);
    const next = (p: number) => (p < pages ? `https://lda.senate.gov/api/v1/filings/?filing_year=${year}&page=${p + 1}&page_size=${PAGE_SIZE}` : null);
    await Promise.all(
      Array.from({ length: pages }, (_, k) =>
        put(
          lakeDir,
          lobbyingKeys.bronzePage(Number(year), k + 1),
          JSON.stringify({ count: all.length, next: next(k + 1), previous: null, results: all.slice(k * PAGE_SIZE, (k + 1) * PAGE_SIZE) }),
        ),
      ),
    );
  }
}
