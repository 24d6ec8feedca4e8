/**
 * What the steps need of @medallion/file-tracking and @medallion/circuit-breaker, as the
 * contract names it (contracts.md). The steps take these as values so a test or a fault
 * injection can wrap them; `trackingFromEnv` binds the real packages.
 */

/** One input object as the manifest and the tracking table carry it. */
export interface InputFile {
  date_prefix: string;
  file_key: string;
  size: number;
  etag: string;
}

export interface PendingFile extends InputFile {
  registered_at: string;
}

/** A manifest: the files claimed together and converted by one execution. */
export interface Manifest {
  manifest_id: string;
  files: InputFile[];
  bytes: number;
}

/** A manifest's execution as the dispatcher sees it: NOT_FOUND = never started; UNKNOWN = cannot tell (EventBridge). */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'NOT_FOUND' | 'UNKNOWN';

export type ManifestStatus = 'claimed' | 'started' | 'succeeded' | 'failed' | 'released';

export interface ManifestRecord extends Manifest {
  status: ManifestStatus;
  created_at: string;
  updated_at: string;
  attempts?: number;
  execution_arn?: string;
}

export interface FileTracking {
  registerFile(file: InputFile): Promise<'registered' | 'duplicate'>;
  /** Oldest first; with startShard, in claim order: shard by shard from that one ('random': any), oldest first in each. */
  listPendingFiles(opts: { limit: number; startShard?: number | 'random' }): Promise<PendingFile[]>;
  /** Creates the manifest record (claimed, open) unless it exists, then conditional pending → manifested; returns the files this manifest actually got. */
  claimFiles(files: InputFile[], manifestId: string): Promise<InputFile[]>;
  markProcessed(files: InputFile[], manifestId: string): Promise<unknown>;
  /** Compensation: manifested (by this manifest) → pending. */
  releaseFiles(files: InputFile[], manifestId: string): Promise<unknown>;
  markManifestStarted(manifestId: string, executionArn?: string): Promise<unknown>;
  finishManifest(manifestId: string, status: 'succeeded' | 'failed' | 'released'): Promise<unknown>;
  listOpenManifests(opts: { olderThan: Date; limit: number }): Promise<ManifestRecord[]>;
}

/** The resilience policy around StartExecution (breaker state shared through DynamoDB). */
export interface ResiliencePolicy {
  execute<T>(fn: () => Promise<T>): Promise<T>;
}

/** A manifest as an execution starts with it when its file list is in the lake (manifest-store.ts). */
export interface KeyedManifest {
  manifest_id: string;
  bytes: number;
  manifest_key: string;
}

/** Hands a claimed manifest to the state machine (or announces it on EventBridge). */
export interface Dispatcher {
  /** 'already-started' when the execution named by the manifest id exists: a retry, not an error. The input is the manifest, or its lake key when large. */
  dispatch(manifest: Manifest | KeyedManifest): Promise<{ outcome: 'started' | 'already-started' | 'announced'; executionArn?: string }>;
  /** The execution's status, for orphan recovery ('UNKNOWN' when dispatch is by EventBridge or none exists). */
  executionStatus(manifestId: string): Promise<ExecutionStatus>;
}
