import { describe, expect, it } from '@jest/globals';
import { chunkLimit } from '../src/parquet-chunks';

describe('chunkLimit', () => {
  it("cuts a date's first chunk small so DuckDB starts while Node reads on, then doubles up to chunkBytes", () => {
    const MiB = 2 ** 20;
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => chunkLimit(n, 128 * MiB) / MiB)).toEqual([8, 16, 32, 64, 128, 128, 128]);
    expect([0, 1, 5].map((n) => chunkLimit(n, 64 * 1024))).toEqual([64 * 1024, 64 * 1024, 64 * 1024]); // a small chunkBytes is kept
  });
});
