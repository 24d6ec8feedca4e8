/**
 * Large manifests travel as a lake key. ECS RunTask overrides are capped at 8 KiB and a Step Functions input at
 * 256 KiB, so the builder writes a manifest whose inline JSON would be over INLINE_MANIFEST_MAX_BYTES to
 * `_manifests/ndjson/<manifest_id>.json` and starts the execution with `{ manifest_id, bytes, manifest_key }`;
 * the converter (Lambda and Fargate entry), update-status and compensate read the file list back from there.
 */
import { z } from 'zod';
import { validateKey, type ObjectStore } from '@medallion/lake';
import { resolveManifest } from './convert-task';
import type { InputFile, KeyedManifest, Manifest } from './ports';

export const MANIFEST_PREFIX = '_manifests/ndjson/';

/**
 * Inline up to this many bytes of manifest JSON: the RunFargate state passes the whole state as NDJSON_MANIFEST
 * in the container overrides (8 KiB in all, with the other variables and names), so ~45 files; above, a lake key.
 */
export const INLINE_MANIFEST_MAX_BYTES = 6 * 1024;

/** What an execution starts with (and what the steps accept): the manifest inline, or its lake key (manifestKeyOf(manifest_id): the steps refuse any other). */
export type ManifestInput = Manifest | KeyedManifest;

const MANIFEST_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The lake key of a manifest's JSON: derived from its id, so a key from outside can be checked, not trusted. */
export function manifestKeyOf(manifestId: string): string {
  if (!MANIFEST_ID.test(manifestId)) throw new Error(`invalid manifest_id ${JSON.stringify(manifestId)}`);
  return validateKey(`${MANIFEST_PREFIX}${manifestId}.json`);
}

const inputFile = z.object({
  date_prefix: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  file_key: z.string().min(1).max(1024),
  size: z.number().int().nonnegative(),
  etag: z.string(),
});
const storedManifest = z.object({ manifest_id: z.string().regex(MANIFEST_ID), bytes: z.number().nonnegative(), files: z.array(inputFile) });

/**
 * The execution input for a claimed manifest: itself when its JSON is small, otherwise written to the lake
 * (idempotent: the same id writes the same bytes) and replaced by its key. Without a lake it stays inline.
 */
export async function manifestInputFor(lake: ObjectStore | undefined, manifest: Manifest, inlineMaxBytes = INLINE_MANIFEST_MAX_BYTES): Promise<ManifestInput> {
  const json = JSON.stringify(manifest);
  if (!lake || Buffer.byteLength(json) <= inlineMaxBytes) return manifest;
  const manifest_key = manifestKeyOf(manifest.manifest_id);
  await lake.put(manifest_key, json, 'application/json');
  return { manifest_id: manifest.manifest_id, bytes: manifest.bytes, manifest_key };
}

/** The manifest behind an input: inline as given, or read from its key (which must be its own id's). */
export async function resolveManifestInput(
  lake: ObjectStore | undefined,
  input: { manifest_id: string; files?: InputFile[]; manifest_key?: string },
): Promise<Manifest> {
  if (input.manifest_key === undefined) {
    if (!input.files) throw new Error(`manifest ${input.manifest_id}: neither files nor manifest_key`);
    return { manifest_id: input.manifest_id, files: input.files, bytes: input.files.reduce((n, f) => n + f.size, 0) };
  }
  const expected = manifestKeyOf(input.manifest_id);
  if (input.manifest_key !== expected)
    throw new Error(`manifest ${input.manifest_id}: manifest_key must be ${expected}, got ${JSON.stringify(input.manifest_key)}`);
  if (!lake) throw new Error(`manifest ${input.manifest_id}: its file list is in the lake (${expected}) but no lake is configured`);
  const bytes = await lake.get(expected);
  if (!bytes) throw new Error(`manifest ${input.manifest_id}: ${expected} is not in the lake`);
  const parsed = storedManifest.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
  if (!parsed.success) throw new Error(`manifest ${input.manifest_id}: ${expected} is not a manifest (${parsed.error.issues[0]?.message})`);
  if (parsed.data.manifest_id !== input.manifest_id) throw new Error(`manifest ${input.manifest_id}: ${expected} holds manifest ${parsed.data.manifest_id}`);
  return parsed.data;
}

/**
 * The converter's input: `{ manifest_id, bytes, manifest_key }` read from the lake here; anything else (files
 * inline, or the older `files: "<lake key>"` form) through the converter's own resolveManifest.
 */
export async function resolveConvertInput(
  lake: ObjectStore,
  input: { manifest_id: string; bytes: number; files?: unknown; manifest_key?: string },
): Promise<Manifest> {
  if (input.manifest_key === undefined) return resolveManifest(lake, input);
  if (input.files !== undefined) throw new Error(`manifest ${input.manifest_id}: give files or manifest_key, not both`);
  return resolveManifestInput(lake, { manifest_id: input.manifest_id, manifest_key: input.manifest_key });
}
