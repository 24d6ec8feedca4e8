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
 */
export interface ObjectStore {
  readonly uri: string;
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<ObjectInfo>;
  head(key: string): Promise<ObjectInfo | null>;
  /** Every object under a prefix, following pagination. Sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  delete(key: string): Promise<void>;
  /** Local paths DuckDB can read for these keys (the files themselves locally; staged copies for S3). */
  stage(keys: string[]): Promise<string[]>;
  /** Publish a local file under key atomically (no reader ever sees half a file). */
  putFile(key: string, localPath: string): Promise<ObjectInfo>;
}
