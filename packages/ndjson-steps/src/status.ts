import type { FileTracking, InputFile } from './ports';

export interface ManifestOutcomeInput {
  manifest_id: string;
  files: InputFile[];
}

/** After a successful conversion: files manifested → processed (conditional on this manifest), manifest succeeded. */
export async function updateStatus(tracking: FileTracking, input: ManifestOutcomeInput): Promise<{ manifestId: string; processed: number }> {
  await tracking.markProcessed(input.files, input.manifest_id);
  await tracking.finishManifest(input.manifest_id, 'succeeded');
  return { manifestId: input.manifest_id, processed: input.files.length };
}

/**
 * Saga compensation (the state machine's Catch): the manifest's files back to pending, so the next
 * manifest takes them again, and the manifest failed. Only files still held by this manifest move
 * (the release is conditional), so running it twice is harmless.
 */
export async function compensate(tracking: FileTracking, input: ManifestOutcomeInput): Promise<{ manifestId: string; released: number }> {
  await tracking.releaseFiles(input.files, input.manifest_id);
  await tracking.finishManifest(input.manifest_id, 'failed');
  return { manifestId: input.manifest_id, released: input.files.length };
}
