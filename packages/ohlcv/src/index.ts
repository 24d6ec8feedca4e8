export { type DailyBar, type RejectedRow, BRONZE_COLUMNS, isSymbol } from './bar';
export { parseGroupedDaily } from './grouped-daily';
export { parseDailyCsv } from './csv';
export { isIsoDate, isWeekday, addDays, weekdaysBetween, lastSettledSession, retentionCutoff } from './trading-date';
export { INTERVALS, SILVER_BAR_COLUMNS } from './resample';
