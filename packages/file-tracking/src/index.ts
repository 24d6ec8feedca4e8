export { registerFile, listPendingFiles, claimFiles, markProcessed, releaseFiles } from './files';
export { createManifest, getManifest, markManifestStarted, finishManifest, listOpenManifests } from './manifests';
export { batchWriteWithRetry, UnprocessedItemsError, type BatchWriteRequest, type BatchWriteResult } from './batch';
export {
  TransitionError,
  type TrackingDeps,
  type TrackedFile,
  type PendingFile,
  type FileStatus,
  type ManifestRecord,
  type ManifestStatus,
  type RetryOptions,
} from './types';
