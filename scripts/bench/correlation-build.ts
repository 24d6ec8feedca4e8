/**
 * `make bench` entry `correlation-build`: buildCorrelations (@medallion/correlation: typed views over
 * the gold inputs, the evidence as a temp table, three atomic Parquet writes) against the same SQL
 * run directly in DuckDB (views straight over read_parquet, the same three COPYs), on generated gold
 * inputs. Median of `repeat` runs each, interleaved; outputs compared row for row (md5 of each table).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCorrelations, type CorrelationInputs, correlationsSelectSql, evidenceSql, networkSelectSql } from '@medallion/correlation';
import { type Duck, openDuck, sqlPath } from '@medallion/duck';
import { BENCH_DIR } from './paths';
import { median } from './child';

// Congress-shaped: ~15,000 bills a Congress, 535 members, ~200 committees and subcommittees with 5 seats a
// member. Trades: about what members file in two years (~15,000 PTR lines).
export const CORRELATION_BENCH_DEFAULTS = { trades: 15_000, bills: 15_000, members: 535, committees: 200, repeat: 3, windowDays: 30 };
type Settings = typeof CORRELATION_BENCH_DEFAULTS;

/** Generated gold inputs, written once per size by DuckDB itself (deterministic: hash-based, no random()). */
async function generate(duck: Duck, dir: string, s: Settings): Promise<CorrelationInputs> {
  await mkdir(dir, { recursive: true });
  const out = (name: string) => join(dir, `${name}.parquet`);
  const member = (expr: string) => `'M' || lpad((hash(${expr}) % ${s.members})::VARCHAR, 6, '0')`;
  await duck.run(`COPY (SELECT 'T' || i AS transaction_id, ${member('i')} AS bioguide_id, 'TK' || (hash(i * 7) % 800) AS ticker, 'Purchase' AS transaction_type,
      strftime(DATE '2023-01-01' + (hash(i * 3) % 730)::INTEGER, '%Y%m%d')::INTEGER AS transaction_date_key, 8000.5 AS amount_midpoint,
      NULL::VARCHAR AS date_suspect_reason, false AS is_synthetic FROM range(${s.trades}) t(i)) TO ${sqlPath(out('trades'))} (FORMAT parquet)`);
  await duck.run(`COPY (SELECT '118-hr-' || b AS bill_id, a::INTEGER AS action_seq, DATE '2023-01-01' + ((hash(b) % 700) + a * 9)::INTEGER AS action_date,
      'Floor' AS action_type, 'Action ' || a AS action_text FROM range(${s.bills}) x(b), range(1, 6) y(a)) TO ${sqlPath(out('actions'))} (FORMAT parquet)`);
  await duck.run(`COPY (SELECT '118-hr-' || b AS bill_id, ${member('b * 31 + c')} AS bioguide_id, CASE WHEN c = 0 THEN 'sponsor' ELSE 'cosponsor' END AS role,
      NULL::DATE AS withdrawn_date FROM range(${s.bills}) x(b), range(0, 4) y(c)) TO ${sqlPath(out('sponsorships'))} (FORMAT parquet)`);
  await duck.run(
    `COPY (SELECT '118-hr-' || b AS bill_id, 'C' || (hash(b) % ${s.committees}) AS committee_id FROM range(${s.bills}) x(b)) TO ${sqlPath(out('bill_committees'))} (FORMAT parquet)`,
  );
  await duck.run(
    `COPY (SELECT DISTINCT ${member('m')} AS bioguide_id, 'C' || (hash(m * 5 + k) % ${s.committees}) AS committee_id FROM range(${s.members}) x(m), range(5) y(k)) TO ${sqlPath(out('member_committees'))} (FORMAT parquet)`,
  );
  await duck.run(`COPY (SELECT '118-hr-' || b AS bill_id, false AS is_synthetic FROM range(${s.bills}) x(b)) TO ${sqlPath(out('bills'))} (FORMAT parquet)`);
  return {
    trades: [out('trades')],
    actions: [out('actions')],
    sponsorships: [out('sponsorships')],
    billCommittees: [out('bill_committees')],
    memberCommittees: [out('member_committees')],
    bills: [out('bills')],
  };
}

/** The same SQL, run directly: views straight over the files, the same three COPYs. */
async function direct(duck: Duck, inputs: CorrelationInputs, outDir: string, windowDays: number): Promise<void> {
  const views: Record<keyof CorrelationInputs, string> = {
    trades: 'trades',
    actions: 'actions',
    sponsorships: 'sponsorships',
    billCommittees: 'bill_committees',
    memberCommittees: 'member_committees',
    bills: 'bills',
  };
  for (const [input, view] of Object.entries(views) as [keyof CorrelationInputs, string][]) {
    await duck.run(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM read_parquet(${sqlPath(inputs[input][0])})`);
  }
  const p = { window_days: windowDays };
  await duck.run(`CREATE OR REPLACE TEMP TABLE evidence AS ${evidenceSql}`, p);
  await duck.run(
    `COPY (SELECT * FROM evidence ORDER BY bill_id, bioguide_id, ticker, transaction_date, transaction_id, action_seq) TO ${sqlPath(join(outDir, 'e.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
  );
  await duck.run(`COPY (${correlationsSelectSql}) TO ${sqlPath(join(outDir, 'c.parquet'))} (FORMAT parquet, COMPRESSION zstd)`, p);
  await duck.run(`COPY (${networkSelectSql}) TO ${sqlPath(join(outDir, 'n.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
}

async function fingerprint(duck: Duck, dir: string): Promise<string> {
  const parts = [];
  for (const f of ['c', 'e', 'n']) {
    parts.push(
      await duck.scalar<string>(
        `SELECT count(*) || ':' || coalesce(md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)), '') FROM read_parquet(${sqlPath(join(dir, `${f}.parquet`))}) t`,
      ),
    );
  }
  return parts.join(' ');
}

export async function benchCorrelationBuild(s: Settings) {
  const root = join(BENCH_DIR, 'correlation', `trades=${s.trades}`);
  const setup = await openDuck({ threads: 2 });
  const inputs = await generate(setup, join(root, 'inputs'), s);
  const ours: number[] = [];
  const bare: number[] = [];
  let counts = { correlations: 0, evidence: 0, networkEdges: 0 };
  for (let i = 0; i < s.repeat; i++) {
    for (const mode of ['ours', 'direct'] as const) {
      const out = join(root, mode);
      await rm(out, { recursive: true, force: true });
      await mkdir(out, { recursive: true });
      const duck = await openDuck({ threads: 2 });
      const t = performance.now();
      if (mode === 'ours') {
        const r = await buildCorrelations(duck, {
          inputs,
          windowDays: s.windowDays,
          outputs: { correlations: join(out, 'c.parquet'), evidence: join(out, 'e.parquet'), network: join(out, 'n.parquet') },
        });
        counts = { correlations: r.correlations, evidence: r.evidence, networkEdges: r.networkEdges };
      } else {
        await direct(duck, inputs, out, s.windowDays);
      }
      (mode === 'ours' ? ours : bare).push(performance.now() - t);
      duck.close();
    }
  }
  const identical = (await fingerprint(setup, join(root, 'ours'))) === (await fingerprint(setup, join(root, 'direct')));
  setup.close();
  return { settings: s, oursMs: median(ours), directMs: median(bare), ratio: median(ours) / median(bare), identical, ...counts };
}

export function correlationBenchMarkdown(r: Awaited<ReturnType<typeof benchCorrelationBuild>>): string {
  const s = r.settings;
  return `#### correlation-build — buildCorrelations vs the same SQL directly in DuckDB

${s.trades.toLocaleString('en-US')} trades, ${s.bills.toLocaleString('en-US')} bills × 5 actions × 4 sponsors, ${s.members} members with 5 of ${s.committees} committee seats each, ±${s.windowDays} days, 2 DuckDB threads, median of ${s.repeat} (interleaved).

| mode | median | rows out |
|---|---:|---|
| ours (\`buildCorrelations\`) | ${(r.oursMs / 1000).toFixed(2)} s | ${r.correlations.toLocaleString('en-US')} correlations, ${r.evidence.toLocaleString('en-US')} evidence, ${r.networkEdges.toLocaleString('en-US')} edges |
| direct SQL | ${(r.directMs / 1000).toFixed(2)} s | same |

Ratio ours/direct: **${r.ratio.toFixed(2)}×**; outputs identical: ${r.identical ? 'yes' : '**no**'}.`;
}
