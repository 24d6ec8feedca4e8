/**
 * An in-memory FileTracking with the contract's conditional semantics (put-if-absent,
 * pending → manifested only while pending, release/process only by the holding manifest).
 * Stands in for @medallion/file-tracking until that package is wired into these tests.
 */
import type { FileTracking, InputFile, ManifestRecord, PendingFile } from '../src/ports';

interface Item extends PendingFile {
  status: 'pending' | 'manifested' | 'processed';
  manifest_id?: string;
}

export function memoryTracking(now: () => Date = () => new Date()) {
  const files = new Map<string, Item>();
  const manifests = new Map<string, ManifestRecord>();
  const calls = { writes: 0, reads: 0 };
  const tracking: FileTracking = {
    async registerFile(f) {
      calls.writes++;
      if (files.has(f.file_key)) return 'duplicate';
      files.set(f.file_key, { ...f, registered_at: now().toISOString(), status: 'pending' });
      return 'registered';
    },
    async listPendingFiles({ limit }) {
      calls.reads++;
      return [...files.values()].filter((f) => f.status === 'pending').slice(0, limit);
    },
    async claimFiles(list, manifestId) {
      const got: InputFile[] = [];
      for (const f of list) {
        calls.writes++;
        const item = files.get(f.file_key);
        if (item?.status !== 'pending') continue;
        item.status = 'manifested';
        item.manifest_id = manifestId;
        got.push(f);
      }
      return got;
    },
    async markProcessed(list, manifestId) {
      for (const f of list) {
        calls.writes++;
        const item = files.get(f.file_key);
        if (item?.status === 'manifested' && item.manifest_id === manifestId) item.status = 'processed';
      }
    },
    async releaseFiles(list, manifestId) {
      for (const f of list) {
        calls.writes++;
        const item = files.get(f.file_key);
        if (item?.status === 'manifested' && item.manifest_id === manifestId) {
          item.status = 'pending';
          item.manifest_id = undefined;
        }
      }
    },
    async createManifest(m) {
      calls.writes++;
      const at = now().toISOString();
      manifests.set(m.manifest_id, { ...m, status: 'claimed', created_at: at, updated_at: at });
    },
    async markManifestStarted(id, executionArn) {
      calls.writes++;
      const m = manifests.get(id);
      if (m?.status === 'claimed') Object.assign(m, { status: 'started', execution_arn: executionArn, updated_at: now().toISOString() });
    },
    async finishManifest(id, status) {
      calls.writes++;
      const m = manifests.get(id);
      if (m) Object.assign(m, { status, updated_at: now().toISOString() });
    },
    async listOpenManifests({ olderThan, limit }) {
      calls.reads++;
      return [...manifests.values()]
        .filter((m) => (m.status === 'claimed' || m.status === 'started') && m.updated_at <= olderThan.toISOString())
        .slice(0, limit);
    },
  };
  return { tracking, files, manifests, calls };
}
