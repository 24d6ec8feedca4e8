import { createReadStream, createWriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  S3Client,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  NoSuchKey,
  NotFound,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { validateKey } from './keys';
import type { ObjectInfo, ObjectStore } from './store';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix inside the bucket ('' for the whole bucket). */
  prefix?: string;
  client?: S3Client;
  /** Where objects are staged for DuckDB (Lambda: /tmp). */
  stagingDir?: string;
  /** Multipart part size in bytes (S3's minimum, 5 MiB, by default). Memory per upload is about partSize × queueSize. */
  partSize?: number;
  /** Parts uploaded at once (4 by default). */
  queueSize?: number;
}

/** S3's smallest part: an object up to this size is sent with one PutObject, a larger one in parts. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** 412: the key exists (If-None-Match: *); 409: a concurrent conditional write to it is in flight — taken either way. */
const isTaken = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'PreconditionFailed' || e.name === 'ConditionalRequestConflict' || [409, 412].includes(e.$metadata?.httpStatusCode ?? 0);
};

const isMissing = (err: unknown) => err instanceof NoSuchKey || err instanceof NotFound || ['NoSuchKey', 'NotFound'].includes((err as Error).name);

/**
 * A lake in S3 through the AWS SDK v3. Uploads go through lib-storage's Upload (multipart above
 * one part, aborted on failure so no parts are left behind); staging pipes GetObject's body to
 * disk. Neither holds a whole large object in memory.
 */
export function s3Store(opts: S3StoreOptions): ObjectStore {
  const client = opts.client ?? new S3Client({});
  const prefix = opts.prefix ? `${opts.prefix.replace(/\/$/, '')}/` : '';
  const staging = opts.stagingDir ?? join(tmpdir(), 'medallion-stage', opts.bucket);
  const full = (key: string) => prefix + validateKey(key);
  const toInfo = (key: string, o: { ContentLength?: number; Size?: number; ETag?: string; LastModified?: Date }): ObjectInfo => ({
    key,
    size: Number(o.ContentLength ?? o.Size ?? 0),
    etag: o.ETag ?? '',
    lastModified: (o.LastModified ?? new Date(0)).toISOString(),
  });
  const upload = async (key: string, body: Readable | Uint8Array | string, contentType?: string): Promise<string> => {
    const up = new Upload({
      client,
      params: { Bucket: opts.bucket, Key: full(key), Body: body, ContentType: contentType },
      partSize: opts.partSize ?? MIN_PART_SIZE,
      queueSize: opts.queueSize ?? 4,
      leavePartsOnError: false,
    });
    return (await up.done()).ETag ?? '';
  };
  const store: ObjectStore = {
    uri: `s3://${opts.bucket}/${prefix}`,
    async get(key) {
      const body = await store.getStream(key);
      if (!body) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    },
    async getStream(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: full(key) }));
        // In Node the SDK's body is an http.IncomingMessage: a Readable that has not been read yet.
        if (!(out.Body instanceof Readable)) throw new Error(`unexpected GetObject body for ${key}: not a Node stream`);
        return out.Body;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async put(key, body, contentType) {
      const etag = await upload(key, body, contentType);
      return { key, size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength, etag, lastModified: new Date().toISOString() };
    },
    async putIfAbsent(key, body, contentType) {
      // One PutObject (small objects only: a conditional multipart upload would be checked only at completion).
      try {
        const out = await client.send(new PutObjectCommand({ Bucket: opts.bucket, Key: full(key), Body: body, ContentType: contentType, IfNoneMatch: '*' }));
        return {
          key,
          size: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
          etag: out.ETag ?? '',
          lastModified: new Date().toISOString(),
        };
      } catch (err) {
        if (isTaken(err)) return null;
        throw err;
      }
    },
    async putStream(key, body, contentType) {
      await upload(key, body, contentType);
      // A stream's length is known only once read: ask S3 for what it stored.
      const info = await store.head(key);
      if (!info) throw new Error(`uploaded ${store.uri}${key} but it is not there`);
      return info;
    },
    async head(key) {
      try {
        return toInfo(key, await client.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: full(key) })));
      } catch (err) {
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
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: full(key) }));
    },
    async stage(keys) {
      return Promise.all(
        keys.map(async (key) => {
          const local = join(staging, validateKey(key));
          const body = await store.getStream(key);
          if (!body) throw new Error(`cannot stage missing object ${store.uri}${key}`);
          await mkdir(dirname(local), { recursive: true });
          // Atomic: another reader may have this staged path open.
          const tmp = `${local}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
          try {
            await pipeline(body, createWriteStream(tmp));
            await rename(tmp, local);
          } catch (err) {
            await rm(tmp, { force: true });
            throw err;
          }
          return local;
        }),
      );
    },
    async putFile(key, localPath) {
      const { size } = await stat(localPath);
      const etag = await upload(key, createReadStream(localPath));
      return { key, size, etag, lastModified: new Date().toISOString() };
    },
  };
  return store;
}
