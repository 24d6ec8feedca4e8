import { describe, expect, it } from '@jest/globals';
import { fitsColumn, parseColumns, schemaTracker, typeOfValue } from '../src/schema';

describe('schema rules', () => {
  it('infers a new column from its first non-null value; integers widen to DOUBLE while the column is new', () => {
    const s = schemaTracker([]);
    expect(s.check({ a: null, b: 1, c: 'x', d: true, e: { x: 1 } })).toEqual({ ok: true });
    expect(s.check({ a: 5, b: 2.5 })).toEqual({ ok: true });
    expect(s.added()).toEqual([
      { name: 'a', type: 'BIGINT' },
      { name: 'b', type: 'DOUBLE' },
      { name: 'c', type: 'VARCHAR' },
      { name: 'd', type: 'BOOLEAN' },
      { name: 'e', type: 'JSON' },
    ]);
    expect(s.check({ d: 'yes' })).toMatchObject({ ok: false, reason: 'type_mismatch' });
  });

  it('frozen columns do not widen; new fields become columns after them; a column seen only as null is VARCHAR', () => {
    const s = schemaTracker([{ name: 'n', type: 'BIGINT' }]);
    expect(s.check({ n: 1.5 })).toMatchObject({ ok: false, reason: 'type_mismatch', detail: 'column n is BIGINT, got DOUBLE' });
    expect(s.check({ n: 2, extra: null })).toEqual({ ok: true });
    expect(s.columns()).toEqual([
      { name: 'n', type: 'BIGINT' },
      { name: 'extra', type: 'VARCHAR' },
    ]);
  });

  it('a rejected line changes nothing, and a rollback forgets the columns added since the mark', () => {
    const s = schemaTracker([{ name: 'n', type: 'BIGINT' }]);
    expect(s.check({ fresh: 1, n: 'x' })).toMatchObject({ ok: false });
    expect(s.added()).toEqual([]);
    s.check({ kept: 1 });
    const rollback = s.mark();
    s.check({ dropped: 1, kept: 2 });
    rollback();
    expect(s.added()).toEqual([{ name: 'kept', type: 'BIGINT' }]);
    expect(s.check({ dropped: 'now a string' })).toEqual({ ok: true });
    expect(s.added()).toEqual([
      { name: 'kept', type: 'BIGINT' },
      { name: 'dropped', type: 'VARCHAR' },
    ]);
  });

  it('caps the number of columns', () => {
    const s = schemaTracker([], { maxColumns: 2 });
    expect(s.check({ a: 1, b: 1, c: 1 })).toMatchObject({ ok: false, reason: 'bad_field_name' });
    expect(s.check({ a: 1, b: 1 })).toEqual({ ok: true });
  });

  it('value types and fits', () => {
    expect(typeOfValue(2 ** 60)).toBe('DOUBLE');
    expect(fitsColumn('BIGINT', 2 ** 60)).toBe(false);
    expect(fitsColumn('VARCHAR', 12)).toBe(true);
    expect(fitsColumn('VARCHAR', { a: 1 })).toBe(false);
    expect(fitsColumn('JSON', [1])).toBe(true);
    expect(fitsColumn('DOUBLE', null)).toBe(true);
  });

  it('parseColumns validates declared schemas', () => {
    expect(parseColumns([{ name: 'a', type: 'BIGINT' }])).toEqual([{ name: 'a', type: 'BIGINT' }]);
    expect(() => parseColumns({})).toThrow(/array/);
    expect(() => parseColumns([{ name: 'a;drop', type: 'BIGINT' }])).toThrow(/invalid name/);
    expect(() => parseColumns([{ name: 'a', type: 'INT' }])).toThrow(/type must be/);
    expect(() =>
      parseColumns([
        { name: 'a', type: 'JSON' },
        { name: 'A', type: 'JSON' },
      ]),
    ).toThrow(/repeated/);
  });
});
