import { describe, expect, it } from '@jest/globals';
import { CAPACITY_DEFAULTS, capacityArithmetic, capacityMarkdown } from '../ndjson-capacity';

describe('capacityArithmetic (ndjson-manifest-builder bench)', () => {
  const input = { ...CAPACITY_DEFAULTS, shards: 10 };

  it('turns 500K files/day at a 10× peak into writes per second per partition, with and without sharding', () => {
    const r = capacityArithmetic(input);
    expect(r.averageFilesPerSecond).toBeCloseTo(500_000 / 86_400, 6);
    expect(r.peakFilesPerSecond).toBeCloseTo(57.87, 2);
    expect(r.indexPartitionWcu.unsharded).toBeCloseTo(115.74, 2); // 2 index writes per file on one `pending` partition
    expect(r.indexPartitionWcu.sharded).toBeCloseTo(11.574, 3); // ÷ 10 shards
    expect(r.tablePartitionWcu).toBeCloseTo(173.61, 2); // 3 writes per file on the day's date_prefix
    expect(r.headroom.indexSharded).toBeCloseTo(86.4, 1);
    // With 10 shards the base table's day partition is the ceiling: 1,000 / 3 files/s.
    expect(r.ceilingFilesPerSecond).toBeCloseTo(333.33, 2);
  });

  it('with one shard the index partition is the ceiling', () => {
    expect(capacityArithmetic({ ...input, shards: 1, indexWritesPerFile: 4 }).ceilingFilesPerSecond).toBe(250);
  });

  it('rejects a shard count below one', () => {
    expect(() => capacityArithmetic({ ...input, shards: 0 })).toThrow(RangeError);
  });

  it('prints the multiplication it did', () => {
    const md = capacityMarkdown(input, capacityArithmetic(input));
    expect(md).toContain('57.9 × 2 = **115.7 WCU/s on one partition without sharding**');
    expect(md).toContain('÷ 10 shards = **11.6 WCU/s per partition**');
    expect(md).toContain("the base table's date_prefix");
  });
});
