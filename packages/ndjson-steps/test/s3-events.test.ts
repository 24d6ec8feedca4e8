import { filesFromS3Notification, parseInputKey } from '../src/s3-events';

const note = (records: { eventName?: string; key: string; size?: number }[]) =>
  JSON.stringify({
    Records: records.map((r) => ({
      eventName: r.eventName ?? 'ObjectCreated:Put',
      s3: { bucket: { name: 'in' }, object: { key: r.key, size: r.size ?? 1, eTag: 'abc' } },
    })),
  });

describe('S3 notifications', () => {
  it('decodes keys (+ is a space) and keeps size and ETag', () => {
    expect(filesFromS3Notification(note([{ key: '2026-12-01/day%3Dx.ndjson.gz', size: 42 }, { key: '2026-12-01/day+one.ndjson' }]))).toEqual({
      files: [{ date_prefix: '2026-12-01', file_key: '2026-12-01/day=x.ndjson.gz', size: 42, etag: 'abc' }],
      skipped: [{ key: '2026-12-01/day one.ndjson', reason: expect.stringContaining('is not <YYYY-MM-DD>') }],
    });
  });

  it('skips removals, other names and impossible dates with a reason', () => {
    const res = filesFromS3Notification(
      note([
        { key: '2026-12-01/a.ndjson', eventName: 'ObjectRemoved:Delete' },
        { key: '2026-02-30/a.ndjson' },
        { key: '2026-12-01/a.json' },
        { key: '2026-12-01/ok.ndjson' },
      ]),
    );
    expect(res.files.map((f) => f.file_key)).toEqual(['2026-12-01/ok.ndjson']);
    expect(res.skipped.map((s) => s.reason)).toEqual([
      'event ObjectRemoved:Delete is not an object creation',
      '"2026-02-30/a.ndjson": 2026-02-30 is not a calendar date'.replace(/^/, 'key '),
      expect.stringContaining('is not <YYYY-MM-DD>/<name>.ndjson[.gz]'),
    ]);
  });

  it('treats the S3 test event as empty and rejects a body that is not a notification', () => {
    expect(filesFromS3Notification(JSON.stringify({ Event: 's3:TestEvent', Bucket: 'in' }))).toEqual({ files: [], skipped: [] });
    expect(() => filesFromS3Notification('nope')).toThrow('message body is not JSON');
    expect(() => filesFromS3Notification('{"Records":[{}]}')).toThrow('not an S3 event notification');
  });

  it('validates keys from outside: no traversal, no nesting', () => {
    expect(parseInputKey('2026-12-01/../x.ndjson')).toHaveProperty('error');
    expect(parseInputKey('2026-12-01/a/b.ndjson')).toHaveProperty('error');
    expect(parseInputKey('2026-12-01/b.ndjson')).toEqual({ date_prefix: '2026-12-01' });
  });
});
