/**
 * soda/core/tests/data_source/test_formats.py::test_formats (soda-core v3): every passing and
 * failing value of each built-in format. Soda evaluates `get_default_format_expression` per value;
 * here each value is a row of the `formats` table and one `invalid_count(v) = 0` check with
 * `valid format:` and a `filter:` on its row, so a passing value passes and a failing value fails.
 */
import type { ConformanceCase } from './types';

const SOURCE = 'test_formats.py::test_formats';

export const FORMAT_VALUES: Record<string, { passing: string[]; failing: string[] }> = {
  email: {
    passing: ['info@soda.io', 'some+email@gmail.com', 'a@b.be'],
    failing: ['', 'a', ' ', '1.5', '4,2', '@@@@@'],
  },
  integer: {
    passing: ['0', '1234567890', '-0', '- 1234567890', '+0', '+1'],
    failing: ['', 'a', ' ', '1.5', '4,2'],
  },
  'positive integer': {
    passing: ['0', '1234567890', '+0', '+1'],
    failing: ['', 'a', ' ', '-0', '- 1234567890'],
  },
  'negative integer': {
    passing: ['0', '-0', '- 1234567890'],
    failing: ['', 'a', ' ', '1234567890', '+0', '+1'],
  },
  percentage: {
    passing: ['0%', ' 0 % ', '- 0 %', '+ 0 %', '010%', '0.0 %', '0,0  %', '.0 %', ',0 %', '99.99%'],
    failing: ['', ' ', '%', 'a %', '0', '0.0'],
  },
  'date us': {
    passing: [
      '1/1/2020',
      '01/06/2020',
      '12/31/1925',
      '11-13-1981',
      '9-05-2000',
      '11-10-2020',
      '06-14-1899',
      '07-04-1776',
      '08-15-1620',
      '09-20-1519',
      '01-01-2100',
      '01-01-1899',
    ],
    failing: ['', ' ', 'a', '1/1/2020 12:00:00', '1/1/2020 12:00', '13/11/1981', '31-12-1925', '07-00-2021', '00-25-2019', '02-14-999'],
  },
  'date eu': {
    passing: ['1/1/2020', '01/06/2020', '31/12/1925', '13-11-1981', '9-05-2000'],
    failing: ['', ' ', 'a', '1/1/2020 12:00:00', '1/1/2020 12:00', '11-13-1981', '12/31/1925'],
  },
  'date inverse': {
    passing: ['2020/1/1', '2020/01/06', '1925-12-31', '1981-11-13', '2000/9/05'],
    failing: ['', ' ', 'a', '2020/1/1 12:00:00', '2020/1/1 12:00', '1981-13-11', '1925/31/12'],
  },
  'date iso 8601': {
    passing: [
      '2020-02-08',
      '2020-W06-5',
      '2020-039',
      '20200208',
      '2020W065',
      '2020W06',
      '2020039',
      '2020-02-08T09',
      '2020-02-08 09',
      '2020-02-08 09:30',
      '2020-02-08 09:30:26',
      '2020-02-08 09:30:26.123',
      '20200208T080910,123',
      '20200208T080910.123',
      '20200208T080910',
      '20200208T0809',
      '20200208T08',
      '2020-W06-5 09',
      '2020-039 09',
      '2020-02-08 09+07:00',
      '2020-02-08 09+07:00',
      '2020-02-08 09-0100',
      '2020-02-08 09Z',
      '2020-04-30',
      '2020-04-30T00:00:00.000',
      '2020-10-11 11:34',
      '2100-01-01 14:36',
      '1899-01-01 21:55',
      '1623-10-11T10:10:10.0000+01:00',
    ],
    failing: ['', ' ', 'a', '9999-01-01', '2000-13-01', '2000-01-32', '2020-10-11 90:34', '2100-01-01 14:67'],
  },
};

/** One row per (format, value): k numbers the rows. */
export function formatRows(): [number, string][] {
  const rows: [number, string][] = [];
  for (const { passing, failing } of Object.values(FORMAT_VALUES)) for (const v of [...passing, ...failing]) rows.push([rows.length, v]);
  return rows;
}

export function formatCases(): ConformanceCase[] {
  let k = 0;
  return Object.entries(FORMAT_VALUES).map(([format, { passing, failing }]) => {
    const checks = [...passing, ...failing].map(
      (v) => `  - invalid_count(v) = 0:\n      name: ${JSON.stringify(`${format}: ${v}`)}\n      valid format: ${format}\n      filter: k = ${k++}`,
    );
    return {
      id: `${SOURCE} [${format}]`,
      area: 'formats',
      checks: `checks for formats:\n${checks.join('\n')}`,
      expect: [...passing.map(() => 'pass' as const), ...failing.map(() => 'fail' as const)],
    };
  });
}
