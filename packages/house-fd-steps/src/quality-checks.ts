import type { StepDeps } from './config';
import { keys } from './batch';

/** soda/checks files the gold gate runs. */
export const GOLD_QUALITY_CHECKS = ['gold_dim_member.yml', 'gold_fact_ptr_transactions.yml', 'gold_agg_trending_stocks.yml'];

/** soda/checks files the silver gate runs: transactions only once the table has a file. */
export async function silverQualityChecks(deps: StepDeps): Promise<string[]> {
  const haveTransactions = (await deps.lake.list(keys.silverTransactionsPrefix())).length > 0;
  return haveTransactions ? ['silver_filings.yml', 'silver_transactions.yml'] : ['silver_filings.yml'];
}
