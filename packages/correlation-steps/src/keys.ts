import { medallionKey } from '@medallion/lake';

/** What the correlation build reads (other pipelines' gold) and writes (gold/correlation/…). */
export const keys = {
  trades: () => 'gold/house_fd/fact_ptr_transactions/',
  actions: () => medallionKey('gold', 'congress', 'fact_bill_actions', 'fact_bill_actions.parquet'),
  sponsorships: () => medallionKey('gold', 'congress', 'bridge_bill_sponsor', 'bridge_bill_sponsor.parquet'),
  billCommittees: () => medallionKey('gold', 'congress', 'bridge_bill_committee', 'bridge_bill_committee.parquet'),
  memberCommittees: () => medallionKey('gold', 'congress', 'bridge_member_committee', 'bridge_member_committee.parquet'),
  dimBill: () => medallionKey('gold', 'congress', 'dim_bill', 'dim_bill.parquet'),
  dimMember: () => medallionKey('gold', 'house_fd', 'dim_member', 'dim_member.parquet'),
  correlations: () => medallionKey('gold', 'correlation', 'bill_trade_correlations', 'bill_trade_correlations.parquet'),
  evidence: () => medallionKey('gold', 'correlation', 'correlation_evidence', 'correlation_evidence.parquet'),
  network: () => medallionKey('gold', 'correlation', 'member_network_edges', 'member_network_edges.parquet'),
};

export const CORRELATION_DATASETS = {
  bill_trade_correlations: keys.correlations(),
  correlation_evidence: keys.evidence(),
  member_network_edges: keys.network(),
};
