/**
 * Trade dates a filer typed that cannot be right. Real example: a 2025 House PTR dates a trade
 * 09/19/2202. Such rows are kept in silver (the filing says what it says) with the reason in
 * `date_suspect_reason`, and left out of agg_trending_stocks, whose as-of date they would
 * otherwise move centuries ahead and so empty every window.
 */
export const DATE_SUSPECT_REASONS = ['future', 'after_notification', 'before_2008'] as const;
export type DateSuspectReason = (typeof DATE_SUSPECT_REASONS)[number];

/** The STOCK Act took effect in 2012 and e-filed PTRs start in 2008: an earlier trade is a typo. */
export const EARLIEST_PLAUSIBLE_TRADE = '2008-01-01';

/**
 * Why a trade date is suspect, or null. ISO dates compare as strings. One reason per row, the
 * first that applies in this order: after the batch's own date (`future`, e.g. 2202), after the
 * notification date the same row gives, before 2008.
 */
export function dateSuspectReason(transactionDate: string, notificationDate: string | null, batchDate: string): DateSuspectReason | null {
  if (transactionDate > batchDate) return 'future';
  if (notificationDate !== null && transactionDate > notificationDate) return 'after_notification';
  if (transactionDate < EARLIEST_PLAUSIBLE_TRADE) return 'before_2008';
  return null;
}
