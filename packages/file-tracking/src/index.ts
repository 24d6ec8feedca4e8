export { registerFile, listPendingFiles, claimFiles, markProcessed, releaseFiles } from './files';
export { createManifest, getManifest, markManifestStarted, finishManifest, listOpenManifests } from './manifests';
export { batchWriteWithRetry, UnprocessedItemsError, type BatchWriteRequest } from './batch';
export { TransitionError, type TrackingDeps, type TrackedFile, type PendingFile, type ManifestRecord } from './types';
