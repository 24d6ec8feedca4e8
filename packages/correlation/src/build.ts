import { type Duck, sqlIdent } from '@medallion/duck';
import { parquetRelationSql, writeParquetAtomically } from '@medallion/house-fd-gold';
import { type CorrelationInputs, INPUT_COLUMNS } from './inputs';
import { correlationsSelectSql, evidenceSql, networkSelectSql } from './sql';

export interface CorrelationOutputs {
  correlations: string;
  evidence: string;
  network: string;
}

export interface BuildCorrelationsOptions {
  inputs: CorrelationInputs;
  /** ±days between a trade and a bill action (default 30). */
  windowDays?: number;
  outputs: CorrelationOutputs;
}

export interface BuildCorrelationsResult {
  correlations: number;
  evidence: number;
  networkEdges: number;
  windowDays: number;
}

const VIEW_NAMES: Record<keyof CorrelationInputs, string> = {
  trades: 'trades',
  actions: 'actions',
  sponsorships: 'sponsorships',
  billCommittees: 'bill_committees',
  bills: 'bills',
  memberCommittees: 'member_committees',
};

/** Views over the gold inputs, each with exactly the columns the SQL reads (empty when no files). */
export async function createInputViews(duck: Duck, inputs: CorrelationInputs): Promise<void> {
  for (const [input, view] of Object.entries(VIEW_NAMES) as [keyof CorrelationInputs, string][]) {
    await duck.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(view)} AS SELECT * FROM ${parquetRelationSql(inputs[input], INPUT_COLUMNS[input])}`);
  }
}

/**
 * Build the three correlation gold tables: correlation_evidence (one row per trade–action pair),
 * bill_trade_correlations (one row per bill, member and ticker, with a score) and
 * member_network_edges. Deterministic: the same inputs give the same rows in the same order.
 */
export async function buildCorrelations(duck: Duck, options: BuildCorrelationsOptions): Promise<BuildCorrelationsResult> {
  const windowDays = options.windowDays ?? 30;
  if (!Number.isInteger(windowDays) || windowDays < 0 || windowDays > 365) throw new Error(`windowDays must be an integer in [0, 365]: ${windowDays}`);
  await createInputViews(duck, options.inputs);
  const params = { window_days: windowDays };
  await duck.run(`CREATE OR REPLACE TEMP TABLE evidence AS ${evidenceSql}`, params);
  const evidence = await writeParquetAtomically(
    duck,
    'SELECT * FROM evidence ORDER BY bill_id, bioguide_id, ticker, transaction_date, transaction_id, action_seq',
    undefined,
    options.outputs.evidence,
  );
  const correlations = await writeParquetAtomically(duck, correlationsSelectSql, params, options.outputs.correlations);
  const networkEdges = await writeParquetAtomically(duck, networkSelectSql, undefined, options.outputs.network);
  return { correlations, evidence, networkEdges, windowDays };
}
