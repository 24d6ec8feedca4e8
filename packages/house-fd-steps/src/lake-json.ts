import type { z } from 'zod';
import type { ObjectStore } from '@medallion/lake';

/** A JSON object of the lake, validated; null when the key does not exist. */
export async function readLakeJson<S extends z.ZodTypeAny>(lake: ObjectStore, key: string, schema: S): Promise<z.infer<S> | null> {
  const body = await lake.get(key);
  return body ? schema.parse(JSON.parse(Buffer.from(body).toString('utf8'))) : null;
}
