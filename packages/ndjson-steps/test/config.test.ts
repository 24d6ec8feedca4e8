/** A manifest item keeps its file list: a file limit the 400 KB DynamoDB item cannot hold is refused at start-up. */
import { ndjsonConfigSchema } from '../src/config';

it('NDJSON_MANIFEST_MAX_FILES defaults to 1000 and refuses more than 1200, naming why', () => {
  expect(ndjsonConfigSchema.parse({}).NDJSON_MANIFEST_MAX_FILES).toBe(1000);
  expect(ndjsonConfigSchema.parse({ NDJSON_MANIFEST_MAX_FILES: '1200' }).NDJSON_MANIFEST_MAX_FILES).toBe(1200);
  const refused = ndjsonConfigSchema.safeParse({ NDJSON_MANIFEST_MAX_FILES: '3000' });
  expect(refused.success).toBe(false);
  expect(refused.error?.issues[0]?.message).toMatch(/at most 1200: a manifest item keeps its file list within DynamoDB's 400 KB/);
});

it('the longest file entry the input accepts fits 1200 times in one DynamoDB item', () => {
  const entry = {
    date_prefix: '2026-12-06',
    file_key: `2026-12-06/${'n'.repeat(200)}.ndjson.gz`,
    size: Number.MAX_SAFE_INTEGER,
    etag: `"${'f'.repeat(32)}-10000"`,
  };
  // DynamoDB counts attribute names and values; JSON's quotes and braces over-count that, so this is an upper bound.
  const bytes = Buffer.byteLength(JSON.stringify(entry)) * 1200;
  expect(bytes).toBeLessThan(400 * 1024 - 2048);
});
