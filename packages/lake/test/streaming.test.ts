/**
 * Large objects through S3 (s3rver): multipart upload above one part, reads piped to disk. A
 * client of its own records the commands sent and makes the SDK's whole-body helpers throw, so a
 * store that buffered a whole object would fail here; Buffer.concat is watched for anything as
 * large as the object.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { jest } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { startLocalS3, type LocalS3 } from '@medallion/local';
import { s3Store, MIN_PART_SIZE } from '../src/s3-store';
import type { ObjectInfo } from '../src/store';

let s3: LocalS3;
let client: S3Client;
let commands: string[] = [];
beforeAll(async () => {
  s3 = await startLocalS3('lake-stream');
  client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName as string);
      const result = await next(args);
      const body = (result.output as { Body?: Record<string, unknown> }).Body;
      if (body)
        for (const helper of ['transformToByteArray', 'transformToString', 'transformToWebStream']) {
          body[helper] = () => {
            throw new Error(`${helper}: the store buffered a whole object body`);
          };
        }
      return result;
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});
afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

/** 2.5 parts of varied bytes (not compressible, not all zeros). */
const SIZE = Math.floor(MIN_PART_SIZE * 2.5);
const bigBody = () => {
  const out = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i += 32) createHash('sha256').update(String(i)).digest().copy(out, i);
  return out;
};
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

/** The largest Buffer.concat result while `fn` runs. */
async function largestConcat(fn: () => Promise<unknown>): Promise<number> {
  const original = Buffer.concat;
  let largest = 0;
  const spy = jest.spyOn(Buffer, 'concat').mockImplementation((list, total) => {
    const out = original(list, total);
    largest = Math.max(largest, out.length);
    return out;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return largest;
}

describe('S3 store with objects larger than one part', () => {
  it('putFile uploads in parts, never one PutObject, and never concatenates the whole body', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lake-stream-'));
    const body = bigBody();
    await writeFile(join(dir, 'big.bin'), body);
    const store = s3Store({ bucket: 'lake-stream', prefix: 'a', client, stagingDir: join(dir, 'stage') });
    commands = [];
    let info: ObjectInfo | undefined;
    const largest = await largestConcat(async () => {
      info = await store.putFile('bronze/big/one.bin', join(dir, 'big.bin'));
    });
    expect(commands).toEqual(['CreateMultipartUploadCommand', 'UploadPartCommand', 'UploadPartCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand']);
    expect(largest).toBeLessThan(2 * MIN_PART_SIZE);
    expect(info).toMatchObject({ key: 'bronze/big/one.bin', size: SIZE, etag: expect.stringMatching(/^".+"$/) });
    const [local] = await store.stage(['bronze/big/one.bin']);
    expect(md5(await readFile(local))).toBe(md5(body));
  }, 60_000);

  it('putStream uploads a stream of unknown length in parts', async () => {
    const store = s3Store({ bucket: 'lake-stream', prefix: 'b', client });
    const body = bigBody();
    commands = [];
    const info = await store.putStream(
      'silver/big/s.bin',
      Readable.from(
        (function* () {
          for (let i = 0; i < SIZE; i += 65_536) yield body.subarray(i, i + 65_536);
        })(),
      ),
    );
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(commands).not.toContain('PutObjectCommand');
    expect(info).toMatchObject({ key: 'silver/big/s.bin', size: SIZE });
  }, 60_000);

  it('stages a large object by piping it to disk, same bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lake-stream-'));
    const body = bigBody();
    await writeFile(join(dir, 'big.bin'), body);
    const store = s3Store({ bucket: 'lake-stream', prefix: 'c', client, stagingDir: join(dir, 'stage') });
    await store.putStream('gold/big/g.bin', createReadStream(join(dir, 'big.bin')));
    let local = '';
    const largest = await largestConcat(async () => {
      [local] = await store.stage(['gold/big/g.bin']);
    });
    expect(largest).toBeLessThan(SIZE);
    expect(md5(await readFile(local))).toBe(md5(body));
  }, 60_000);

  it('reads a stream; a missing key is null; small puts stay one PutObject with an MD5 ETag', async () => {
    const store = s3Store({ bucket: 'lake-stream', prefix: 'd', client });
    commands = [];
    const info = await store.put('bronze/s/x.json', '{"a":1}', 'application/json');
    expect(commands).toEqual(['PutObjectCommand']);
    expect(info.etag).toBe(`"${md5(Buffer.from('{"a":1}'))}"`);
    const stream = await store.getStream('bronze/s/x.json');
    const chunks: Buffer[] = [];
    for await (const c of stream!) chunks.push(c as Buffer);
    expect(chunks.map((c) => c.toString()).join('')).toBe('{"a":1}');
    expect(await store.getStream('bronze/s/missing.json')).toBeNull();
    expect(Buffer.from((await store.get('bronze/s/x.json'))!).toString()).toBe('{"a":1}');
  }, 30_000);
});
