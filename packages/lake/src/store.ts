import type { Readable } from 'node:stream';

export interface ObjectInfo {
  key: string;
  size: number;
  etag: string;
  lastModified: string;
}

/**
 * The lake's object store: a local directory (embedded default) or an S3 bucket. DuckDB reads
 * local files only here (no httpfs), so readers stage objects to local paths and writers
 * produce a local file that is then published under its key.
 *
 * `get` and `put` hold the whole object in memory: for small objects (manifests, JSON, one
 * document). Large objects go through `stage`/`getStream` and `putFile`/`putStream`, which
 * stream (S3: multipart upload), so memory does not grow with the object's size.
 */
export interface ObjectStore {
  readonly uri: string;
  get(key: string): Promise<Uint8Array | null>;
  /** The object's bytes as a stream, or null when there is no such object. */
  getStream(key: string): Promise<Readable | null>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<ObjectInfo>;
  /** Publish a stream under key atomically, never holding more than a few parts of it in memory. */
  putStream(key: string, body: Readable, contentType?: string): Promise<ObjectInfo>;
  /**
   * Create `key` only if no object has it (compare-and-swap for immutable, versioned objects): null when one
   * already does, and then nothing is written. S3: PutObject with If-None-Match: *; a directory: an exclusive link.
   */
  putIfAbsent(key: string, body: Uint8Array | string, contentType?: string): Promise<ObjectInfo | null>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Every object under a prefix, following pagination. Sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  /** Local paths DuckDB can read for these keys (the files themselves locally; staged copies for S3, piped to disk). */
  stage(keys: string[]): Promise<string[]>;
  /** Publish a local file under key atomically (no reader ever sees half a file). */
  putFile(key: string, localPath: string): Promise<ObjectInfo>;
}
