import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { S3Client } from '@aws-sdk/client-s3';

const require = createRequire(import.meta.url);

export interface LocalS3 {
  endpoint: string;
  /** The first bucket. */
  bucket: string;
  buckets: string[];
  client: S3Client;
  /** Environment for SDK clients built without options (the functions'): endpoint, dummy keys, checksums only when required. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/**
 * s3rver in a child process. It must run with --openssl-legacy-provider: on Node >= 17 its
 * paginated ListObjectsV2 answers 500 otherwise (MD5-based continuation tokens).
 */
export async function startLocalS3(bucketOrBuckets: string | string[] = 'medallion-test'): Promise<LocalS3> {
  const buckets = typeof bucketOrBuckets === 'string' ? [bucketOrBuckets] : bucketOrBuckets;
  const bucket = buckets[0];
  const dir = await mkdtemp(join(tmpdir(), 's3rver-'));
  const port = await freePort();
  const bin = require.resolve('s3rver/bin/s3rver.js');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--openssl-legacy-provider', bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), ...buckets.flatMap((b) => ['--configure-bucket', b])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('s3rver did not start in 15 s')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver does not understand the SDK's default aws-chunked uploads with checksum trailers
  // (it stores the chunk framing as the object), so checksums are sent only when required.
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    buckets,
    client,
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    },
    async stop() {
      client.destroy();
      child.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
