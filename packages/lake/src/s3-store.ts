import { createReadStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { S3Client, GetObjectCommand, PutObjectCommand, HeadObjectCommand, DeleteObjectCommand, paginateListObjectsV2, NoSuchKey, NotFound } from '@aws-sdk/client-s3';
import { validateKey } from './keys';
import type { ObjectInfo, ObjectStore } from './store';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ('' for the whole bucket). */
  prefix?: string;
  client?: S3Client;
  /** Where objects are staged for DuckDB (Lambda: /tmp). */
  stagingDir?: string;
}

const isMissing = (err: unknown) => err instanceof NoSuchKey || err instanceof NotFound || ['NoSuchKey', 'NotFound'].includes((err as Error).name);

/** A lake in S3 through the AWS SDK v3. */
export function s3Store(opts: S3StoreOptions): ObjectStore {
  const client = opts.client ?? new S3Client({});
  const prefix = opts.prefix ? opts.prefix.replace(/\/$/, '') + '/' : '';
  const staging = opts.stagingDir ?? join(tmpdir(), 'medallion-stage', opts.bucket);
  const full = (key: string) => prefix + validateKey(key);
  const toInfo = (key: string, o: { ContentLength?: number; Size?: number; ETag?: string; LastModified?: Date }): ObjectInfo => ({
    key, size: Number(o.ContentLength ?? o.Size ?? 0), etag: o.ETag ?? '', lastModified: (o.LastModified ?? new Date(0)).toISOString(),
  });
  const store: ObjectStore = {
    uri: `s3://${opts.bucket}/${prefix}`,
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: full(key) }));
        return await out.Body!.transformToByteArray();
      } catch (err) { if (isMissing(err)) return null; throw err; }
    },
    async put(key, body, contentType) {
      const out = await client.send(new PutObjectCommand({ Bucket: opts.bucket, Key: full(key), Body: body, ContentType: contentType }));
      return { key, size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength, etag: out.ETag ?? '', lastModified: new Date().toISOString() };
    },
    async head(key) {
      try { return toInfo(key, await client.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: full(key) }))); } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async list(p) {
      const out: ObjectInfo[] = [];
      for await (const page of paginateListObjectsV2({ client }, { Bucket: opts.bucket, Prefix: prefix + p })) {
        for (const o of page.Contents ?? []) out.push(toInfo(o.Key!.slice(prefix.length), o));
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : 1));
    },
    async delete(key) { await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: full(key) })); },
    async stage(keys) {
      return Promise.all(keys.map(async (key) => {
        const local = join(staging, validateKey(key));
        const body = await store.get(key);
        if (!body) throw new Error(`cannot stage missing object ${store.uri}${key}`);
        await mkdir(dirname(local), { recursive: true });
        // Atomic: another reader may have this staged path open.
        const tmp = `${local}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
        await writeFile(tmp, body);
        await rename(tmp, local);
        return local;
      }));
    },
    async putFile(key, localPath) {
      const { size } = await stat(localPath);
      const out = await client.send(new PutObjectCommand({ Bucket: opts.bucket, Key: full(key), Body: createReadStream(localPath), ContentLength: size }));
      return { key, size, etag: out.ETag ?? '', lastModified: new Date().toISOString() };
    },
  };
  return store;
}
