import { describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Store } from '../src/s3-store';

/**
 * S3's conditional create (If-None-Match: *) as the service answers it: s3rver ignores the header, so a stub
 * client plays S3 here — 200 the first time, 412 PreconditionFailed once the key exists.
 */
function conditionalS3() {
  const keys = new Set<string>();
  const sent: PutObjectCommand['input'][] = [];
  const client = {
    async send(command: unknown) {
      if (!(command instanceof PutObjectCommand)) throw new Error('only PutObject is expected');
      sent.push(command.input);
      if (command.input.IfNoneMatch === '*' && keys.has(command.input.Key!)) {
        throw Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
          name: 'PreconditionFailed',
          $metadata: { httpStatusCode: 412 },
        });
      }
      keys.add(command.input.Key!);
      return { ETag: '"etag"', $metadata: { httpStatusCode: 200 } };
    },
  } as unknown as S3Client;
  return { client, sent };
}

describe('s3Store.putIfAbsent', () => {
  it('sends If-None-Match: * and answers null when the key exists', async () => {
    const { client, sent } = conditionalS3();
    const store = s3Store({ bucket: 'lake', prefix: 'p', client });
    expect(await store.putIfAbsent('_schemas/ndjson/v000002.json', '{}', 'application/json')).toMatchObject({ key: '_schemas/ndjson/v000002.json', size: 2 });
    expect(await store.putIfAbsent('_schemas/ndjson/v000002.json', '{"other":1}')).toBeNull();
    expect(sent.map((s) => [s.Bucket, s.Key, s.IfNoneMatch])).toEqual([
      ['lake', 'p/_schemas/ndjson/v000002.json', '*'],
      ['lake', 'p/_schemas/ndjson/v000002.json', '*'],
    ]);
  });

  it('rethrows any other error', async () => {
    const client = {
      send: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })),
    } as unknown as S3Client;
    await expect(s3Store({ bucket: 'lake', client }).putIfAbsent('_schemas/ndjson/v000001.json', '{}')).rejects.toThrow('denied');
  });
});
