import type { ObjectStore } from '@medallion/lake';
import { quarantineKey } from './convert';
import { resolveManifestInput } from './manifest-store';
import { silverPrefix } from './parquet-chunks';
import type { FileTracking, InputFile } from './ports';

/** The manifest as the state machine passes it: files inline, or the manifest_key of its JSON in the lake. */
export interface ManifestOutcomeInput {
  manifest_id: string;
  files?: InputFile[];
  manifest_key?: string;
}

/**
 * After a successful conversion: files manifested → processed (conditional on this manifest), manifest succeeded.
 * The lake is needed only for a manifest that travels as a lake key.
 */
export async function updateStatus(
  tracking: FileTracking,
  input: ManifestOutcomeInput,
  lake?: ObjectStore,
): Promise<{ manifestId: string; processed: number }> {
  const { files } = await resolveManifestInput(lake, input);
  await tracking.markProcessed(files, input.manifest_id);
  await tracking.finishManifest(input.manifest_id, 'succeeded');
  return { manifestId: input.manifest_id, processed: files.length };
}

/**
 * Saga compensation (the state machine's Catch): the manifest's files back to pending, so the next
 * manifest takes them again, and the manifest failed. Only files still held by this manifest move
 * (the release is conditional), so running it twice is harmless. With the lake, the Parquet chunks and
 * quarantine file the failed attempt may already have written are removed first: the files' next
 * manifest writes their lines again, and they must not be in silver twice.
 */
export async function compensate(
  tracking: FileTracking,
  input: ManifestOutcomeInput,
  lake?: ObjectStore,
): Promise<{ manifestId: string; released: number; removed: number }> {
  const manifest = await resolveManifestInput(lake, input);
  const removed = lake ? await removeManifestOutputs(lake, manifest) : 0;
  await tracking.releaseFiles(manifest.files, input.manifest_id);
  await tracking.finishManifest(input.manifest_id, 'failed');
  return { manifestId: input.manifest_id, released: manifest.files.length, removed };
}

/** Delete what a manifest wrote (silver `<manifest_id>-<n>.parquet` and its quarantine file) for each of its dates. */
export async function removeManifestOutputs(lake: ObjectStore, input: { manifest_id: string; files: InputFile[] }): Promise<number> {
  let removed = 0;
  for (const date of new Set(input.files.map((f) => f.date_prefix))) {
    const prefix = silverPrefix(date);
    const quarantine = quarantineKey(date, input.manifest_id);
    const chunks = (await lake.list(prefix)).filter((o) => o.key.startsWith(`${prefix}${input.manifest_id}-`) && o.key.endsWith('.parquet'));
    const rejects = (await lake.head(quarantine)) ? [{ key: quarantine }] : [];
    for (const o of [...chunks, ...rejects]) {
      await lake.delete(o.key);
      removed++;
    }
  }
  return removed;
}
