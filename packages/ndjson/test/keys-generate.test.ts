import { describe, expect, it } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
import { parseNdjsonKey } from '../src/keys';
import { generateNdjsonFiles } from '../src/generate';

describe('parseNdjsonKey', () => {
  it('accepts <YYYY-MM-DD>/<name>.ndjson[.gz]', () => {
    expect(parseNdjsonKey('2026-01-02/a-b_c.1.ndjson.gz')).toEqual({
      key: '2026-01-02/a-b_c.1.ndjson.gz',
      datePrefix: '2026-01-02',
      name: 'a-b_c.1',
      gzip: true,
    });
    expect(parseNdjsonKey('2026-01-02/x.ndjson').gzip).toBe(false);
  });
  it.each([
    '2026-01-02/x.json',
    'x.ndjson',
    '2026-13-45/x.ndjson',
    '2026-01-02/../x.ndjson',
    '2026-01-02/a/b.ndjson',
    "2026-01-02/x'y.ndjson",
    '2026-01-02/..x.ndjson',
  ])('refuses %j', (key) => expect(() => parseNdjsonKey(key)).toThrow(/invalid NDJSON object key/));
});

describe('generateNdjsonFiles', () => {
  it('is deterministic and its expectations add up to every line', () => {
    const opts = { files: 6, linesPerFile: 200, poisonRate: 0.05, seed: 7, gzipRate: 0.5 };
    const a = [...generateNdjsonFiles(opts)];
    const b = [...generateNdjsonFiles(opts)];
    expect(a.map((f) => Buffer.from(f.body).toString('base64'))).toEqual(b.map((f) => Buffer.from(f.body).toString('base64')));
    for (const f of a) {
      const q = Object.values(f.expected.quarantined).reduce((s, n) => s + (n ?? 0), 0);
      expect(f.expected.rows + f.expected.blank + q).toBe(f.expected.lines);
      const text = new TextDecoder().decode(f.key.endsWith('.gz') ? gunzipSync(f.body) : f.body);
      expect(text.replace(/^\uFEFF/, '').split(/\r?\n/).length - 1).toBe(200);
    }
    expect(new Set(a.map((f) => f.key.slice(0, 10)))).toEqual(new Set(['2026-01-01', '2026-01-02']));
    expect(a.some((f) => f.key.endsWith('.gz'))).toBe(true);
  });
});
