/**
 * The correlation method (docs/CONGRESS.md) as SQL over five views — trades, actions, sponsorships,
 * bill_committees, member_committees — that the build creates from the gold Parquet. The window is a
 * parameter ($window_days), never text.
 *
 * Evidence: a member's trade (trusted date, a ticker) within ±window days of an action on a bill the
 * member sponsors, cosponsors (not withdrawn before the action) or whose referred committee the
 * member sits on. One (trade, action) pair counts once, with its strongest relationship. Its weight
 * is relationship weight × closeness, closeness = (window + 1 − |days apart|) / (window + 1).
 */
export const RELATIONSHIP_WEIGHTS = { sponsor: 1.0, cosponsor: 0.7, committee: 0.4 } as const;

const links = `
  SELECT bill_id, bioguide_id, role AS relationship, withdrawn_date FROM sponsorships
  WHERE role IN ('sponsor', 'cosponsor')
  UNION ALL
  SELECT DISTINCT bc.bill_id, mc.bioguide_id, 'committee', NULL::DATE
  FROM bill_committees bc JOIN member_committees mc USING (committee_id)`;

export const evidenceSql = `
WITH links AS (${links}),
trusted AS (
  SELECT *, strptime(transaction_date_key::VARCHAR, '%Y%m%d')::DATE AS transaction_date
  FROM trades
  WHERE ticker IS NOT NULL AND bioguide_id IS NOT NULL AND transaction_date_key IS NOT NULL AND date_suspect_reason IS NULL
),
pairs AS (
  SELECT l.bill_id, t.bioguide_id, t.ticker, t.transaction_id, t.transaction_date, t.transaction_type, t.amount_midpoint,
         a.action_seq, a.action_date, a.action_text, l.relationship,
         (t.transaction_date - a.action_date)::INTEGER AS days_apart,
         CASE l.relationship WHEN 'sponsor' THEN ${RELATIONSHIP_WEIGHTS.sponsor} WHEN 'cosponsor' THEN ${RELATIONSHIP_WEIGHTS.cosponsor} ELSE ${RELATIONSHIP_WEIGHTS.committee} END AS rel_weight,
         coalesce(t.is_synthetic, false) OR coalesce(b.is_synthetic, false) AS is_synthetic
  FROM trusted t
  JOIN links l ON l.bioguide_id = t.bioguide_id
  JOIN actions a ON a.bill_id = l.bill_id
  LEFT JOIN bills b ON b.bill_id = l.bill_id
  WHERE abs(t.transaction_date - a.action_date) <= $window_days
    AND (l.withdrawn_date IS NULL OR a.action_date < l.withdrawn_date)
),
strongest AS (
  SELECT * FROM pairs
  QUALIFY row_number() OVER (PARTITION BY transaction_id, bill_id, action_seq ORDER BY rel_weight DESC, relationship) = 1
)
SELECT md5(bill_id || '|' || bioguide_id || '|' || ticker) AS correlation_id,
       bill_id, bioguide_id, ticker, transaction_id, transaction_date, transaction_type, amount_midpoint,
       action_seq, action_date, action_text, relationship, days_apart,
       round(rel_weight * ($window_days + 1 - abs(days_apart)) / ($window_days + 1), 6) AS weight,
       is_synthetic
FROM strongest
ORDER BY bill_id, bioguide_id, ticker, transaction_date, transaction_id, action_seq`;

/** One row per (bill, member, ticker): the evidence summed; built from the evidence table (view `evidence`). */
export const correlationsSql = `
SELECT correlation_id, bill_id, bioguide_id, ticker,
       min(CASE relationship WHEN 'sponsor' THEN 1 WHEN 'cosponsor' THEN 2 ELSE 3 END) AS rel_rank,
       count(DISTINCT transaction_id)::INTEGER AS trades,
       count(DISTINCT action_seq)::INTEGER AS actions,
       count(*)::INTEGER AS evidence_rows,
       min(abs(days_apart))::INTEGER AS min_days_apart,
       min(transaction_date) AS first_trade_date,
       max(transaction_date) AS last_trade_date,
       round(sum(weight), 4) AS score,
       bool_or(is_synthetic) AS is_synthetic
FROM evidence
GROUP BY ALL`;

export const correlationsSelectSql = `
SELECT correlation_id, bill_id, bioguide_id, ticker,
       CASE rel_rank WHEN 1 THEN 'sponsor' WHEN 2 THEN 'cosponsor' ELSE 'committee' END AS relationship,
       trades, actions, evidence_rows, min_days_apart, first_trade_date, last_trade_date, score,
       $window_days::INTEGER AS window_days, is_synthetic
FROM (${correlationsSql})
ORDER BY score DESC, bill_id, bioguide_id, ticker`;

/**
 * Member network: an undirected edge per member pair and kind — `cosponsorship` (bills both sponsor or
 * cosponsor; weight = how many) and `common_ticker` (tickers both traded, trusted dates; weight = how
 * many). member_a < member_b. `shared` lists the bills or tickers (sorted, at most 50).
 */
export const networkSelectSql = `
WITH members_on_bills AS (
  SELECT DISTINCT bill_id, bioguide_id FROM sponsorships WHERE role IN ('sponsor', 'cosponsor') AND withdrawn_date IS NULL
),
tickers AS (
  SELECT DISTINCT bioguide_id, ticker FROM trades
  WHERE ticker IS NOT NULL AND bioguide_id IS NOT NULL AND date_suspect_reason IS NULL
),
edges AS (
  SELECT a.bioguide_id AS member_a, b.bioguide_id AS member_b, 'cosponsorship' AS edge_type, a.bill_id AS shared_item
  FROM members_on_bills a JOIN members_on_bills b ON a.bill_id = b.bill_id AND a.bioguide_id < b.bioguide_id
  UNION ALL
  SELECT a.bioguide_id, b.bioguide_id, 'common_ticker', a.ticker
  FROM tickers a JOIN tickers b ON a.ticker = b.ticker AND a.bioguide_id < b.bioguide_id
)
SELECT member_a, member_b, edge_type, count(*)::INTEGER AS weight, list_sort(list(shared_item))[1:50] AS shared
FROM edges
GROUP BY ALL
ORDER BY member_a, member_b, edge_type`;
