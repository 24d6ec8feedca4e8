import { S3Client } from '@aws-sdk/client-s3';
import { localStore } from './local-store';
import { s3Store } from './s3-store';
import type { ObjectStore } from './store';

/** `s3://bucket/prefix` → S3; `file:///dir` or a plain path → local directory. */
export function openLake(uri: string, options: { s3Client?: S3Client; stagingDir?: string } = {}): ObjectStore {
  if (uri.startsWith('s3://')) {
    const [bucket, ...rest] = uri.slice(5).split('/');
    if (!bucket) throw new Error(`lake URI has no bucket: ${uri}`);
    return s3Store({ bucket, prefix: rest.join('/'), client: options.s3Client, stagingDir: options.stagingDir });
  }
  return localStore(uri.startsWith('file://') ? uri.slice(7) : uri);
}
