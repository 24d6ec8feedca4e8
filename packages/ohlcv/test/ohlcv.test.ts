import { parseDailyCsv } from '../src/csv';
import { parseGroupedDaily } from '../src/grouped-daily';
import { addDays, isIsoDate, lastSettledSession, newYorkDate, retentionCutoff, weekdaysBetween } from '../src/trading-date';

describe('New York trading dates', () => {
  it('dates an instant in New York whatever the host zone, across daylight saving', () => {
    expect(newYorkDate(Date.parse('2024-03-08T04:59:59Z'))).toBe('2024-03-07'); // 23:59 EST
    expect(newYorkDate(Date.parse('2024-03-08T05:00:00Z'))).toBe('2024-03-08');
    expect(newYorkDate(Date.parse('2024-07-08T03:59:59Z'))).toBe('2024-07-07'); // 23:59 EDT
    expect(newYorkDate(Date.parse('2024-07-08T04:00:00Z'))).toBe('2024-07-08');
  });

  it('the last settled session is today from 18:00 New York, else the previous weekday', () => {
    expect(lastSettledSession(new Date('2024-03-08T22:59:00Z'))).toBe('2024-03-07'); // Fri 17:59 EST
    expect(lastSettledSession(new Date('2024-03-08T23:00:00Z'))).toBe('2024-03-08');
    expect(lastSettledSession(new Date('2024-03-10T15:00:00Z'))).toBe('2024-03-08'); // Sunday
    expect(lastSettledSession(new Date('2024-03-11T12:00:00Z'))).toBe('2024-03-08'); // Monday morning
  });

  it('weekdays, calendar checks and the retention cutoff (PostgreSQL interval arithmetic)', () => {
    expect(weekdaysBetween('2024-03-08', '2024-03-12')).toEqual(['2024-03-08', '2024-03-11', '2024-03-12']);
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(retentionCutoff('2024-06-30')).toBe('2019-05-30');
    expect(retentionCutoff('2024-03-31')).toBe('2019-02-28');
    expect(retentionCutoff('2024-01-15')).toBe('2018-12-15');
  });
});

describe('parsers', () => {
  it('grouped-daily: a holiday has no results; a bad status, shape or row is refused with a reason', () => {
    expect(parseGroupedDaily({ status: 'OK', resultsCount: 0 }, '2024-12-25')).toEqual({ bars: [], rejected: [] });
    expect(() => parseGroupedDaily({ status: 'ERROR' }, '2024-12-24')).toThrow('status ERROR');
    expect(() => parseGroupedDaily('<html>', '2024-12-24')).toThrow(/not a grouped-daily response/);
    const t = Date.parse('2024-12-24T09:00:00Z');
    const day = parseGroupedDaily(
      {
        status: 'OK',
        results: [
          { T: 'AAA', o: 1, h: 2, l: 0.5, c: 1.5, v: 10.4, vw: 1.2, n: 3, t },
          { T: 'AAA', o: 1, h: 2, l: 0.5, c: 1.5, v: 10, t },
          { T: 'BBB', o: 1, h: 0.9, l: 0.5, c: 1.5, v: 10, t },
          { T: 'CCC', o: '1', t },
        ],
      },
      '2024-12-24',
    );
    expect(day.bars).toEqual([{ symbol: 'AAA', date: '2024-12-24', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, vwap: 1.2, transactions: 3 }]);
    expect(day.rejected.map((r) => r.reason)).toEqual([
      'duplicate symbol in one session',
      'bar: high/low do not bound open/close',
      'missing or non-numeric field o',
    ]);
  });

  it('daily CSV: keeps Open/High/Low/Close as traded, rejects bad rows with their line, refuses another header', () => {
    const csv =
      'Date,Open,High,Low,Close,Adj Close,Volume\n2014-12-30,45.549999,45.66,45.290001,45.34,42.65,9968400\n2014-12-31,null,1,1,1,1,1\n2014-12-30,1,1,1,1,1,1\n\n';
    const parsed = parseDailyCsv(csv, 'ORCL', 'orcl.csv');
    expect(parsed.bars).toEqual([
      { symbol: 'ORCL', date: '2014-12-30', open: 45.549999, high: 45.66, low: 45.290001, close: 45.34, volume: 9968400, vwap: null, transactions: null },
    ]);
    expect(parsed.rejected.map((r) => `${r.source} ${r.reason}`)).toEqual([
      'orcl.csv:3 open: Invalid input: expected number, received NaN',
      'orcl.csv:4 duplicate date',
    ]);
    expect(() => parseDailyCsv('date,open\n', 'ORCL', 'x.csv')).toThrow(/header is not/);
  });
});
