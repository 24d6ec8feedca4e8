import { analyticsSummary, health, topTraders, trendingStocks } from './analytics';
import { getMember, listMembers, memberStats, memberTrades } from './members';
import { getFiling, recentTransactions, stockTrades } from './trades';

/** Every house_fd route this package serves (other packages add theirs: see README). */
export const HOUSE_FD_ROUTES = [
  listMembers,
  getMember,
  memberTrades,
  memberStats,
  recentTransactions,
  stockTrades,
  getFiling,
  trendingStocks,
  topTraders,
  analyticsSummary,
  health,
];
