export { registerFile, listPendingFiles, markProcessed, releaseFiles } from './files';
export { claimFiles } from './claim';
export { createManifest, getManifest, markManifestStarted, finishManifest, listOpenManifests } from './manifests';
export { batchWriteWithRetry, UnprocessedItemsError, type BatchWriteRequest } from './batch';
export { TransitionError, type TrackingDeps, type TrackedFile, type PendingFile, type ManifestRecord } from './types';
