import { S3Client } from '@aws-sdk/client-s3';
import { localStore } from './local-store';
import { s3Store } from './s3-store';
import type { ObjectStore } from './store';
import { layeredStore } from './layered-store';
import { observed } from './observe';

/** `s3://bucket/prefix` → S3; `file:///dir` or a plain path → local directory. */
export function openLake(uri: string, options: { s3Client?: S3Client; stagingDir?: string } = {}): ObjectStore {
  if (uri.startsWith('s3://')) {
    const [bucket, ...rest] = uri.slice(5).split('/');
    if (!bucket) throw new Error(`lake URI has no bucket: ${uri}`);
    return s3Store({ bucket, prefix: rest.join('/'), client: options.s3Client, stagingDir: options.stagingDir });
  }
  return localStore(uri.startsWith('file://') ? uri.slice(7) : uri);
}

/**
 * The lake as Terraform configures a function: MEDALLION_LAKE_URI is the root (batch manifests,
 * quality results) and MEDALLION_LAKE_<LAYER>_URI, when set, gives a layer its own bucket.
 * Locally only the root is set and every layer is a folder of it. Each call builds a new lake (and
 * S3 client): callers keep it per configuration (`perConfiguration` of @medallion/runtime), so a
 * Lambda container builds it once.
 */
export function openLakeFromEnv(
  env: Record<string, string | undefined> = process.env,
  options: { s3Client?: S3Client; stagingDir?: string } = {},
): ObjectStore {
  const rootUri = env.MEDALLION_LAKE_URI ?? '.lake';
  // One S3 client for every layer's bucket (each client keeps its own connections and credentials).
  const usesS3 = Object.entries(env).some(([name, value]) => /^MEDALLION_LAKE_(?:[A-Z]+_)?URI$/.test(name) && value?.startsWith('s3://'));
  if (usesS3 && !options.s3Client) options = { ...options, s3Client: new S3Client({}) };
  const root = openLake(rootUri, options);
  const layers: Record<string, ObjectStore> = {};
  for (const [name, value] of Object.entries(env)) {
    const layer = /^MEDALLION_LAKE_([A-Z]+)_URI$/.exec(name)?.[1]?.toLowerCase();
    if (layer && value && value !== rootUri) layers[layer] = openLake(value, options);
  }
  return observed(Object.keys(layers).length ? layeredStore(root, layers) : root);
}
