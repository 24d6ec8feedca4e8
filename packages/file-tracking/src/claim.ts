import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { shardOf } from '@medallion/sharded-index';
import { docOf, isConditionalFailure } from './dynamo';
import { assertFile, keyOf, readFileItem, releaseFiles } from './files';
import { createManifest, finishManifest, isManifestClaimed, recordClaimedFiles } from './manifests';
import { mapLimit, withRetry } from './retry';
import { nowOf, type TrackedFile, type TrackingDeps } from './types';

type ClaimOutcome = 'claimed' | 'taken' | 'skipped' | { error: unknown };

async function claimOne(deps: TrackingDeps, file: TrackedFile, manifestId: string, now: string): Promise<ClaimOutcome> {
  try {
    await withRetry(
      () =>
        docOf(deps).send(
          new UpdateCommand({
            TableName: deps.table,
            Key: keyOf(file),
            UpdateExpression: 'SET #s = :manifested, manifest_id = :m, updated_at = :now REMOVE gsi_status',
            ConditionExpression: '#s = :pending',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':manifested': 'manifested', ':pending': 'pending', ':m': manifestId, ':now': now },
          }),
        ),
      deps.retry,
    );
    return 'claimed';
  } catch (err) {
    if (!isConditionalFailure(err)) return { error: err };
    // Our own earlier attempt may have landed (a timeout after the write): read back who holds it.
    try {
      const current = await readFileItem(deps, file);
      return current?.status === 'manifested' && current.manifest_id === manifestId ? 'claimed' : 'taken';
    } catch (readErr) {
      return { error: readErr };
    }
  }
}

/** Indexes of `files` grouped by their shard, groups in order of first appearance (the caller's claim order). */
function shardGroups(deps: TrackingDeps, files: TrackedFile[]): number[][] {
  const groups = new Map<number, number[]>();
  files.forEach((f, i) => {
    const shard = shardOf(f.file_key, deps.shards);
    const group = groups.get(shard);
    if (group) group.push(i);
    else groups.set(shard, [i]);
  });
  return [...groups.values()];
}

/**
 * Claim one shard's run of candidates: the first alone (a probe), then the rest a few at a time. A file already
 * taken means another builder is claiming this shard: no further claim is sent here (each failed conditional
 * update is still a billed write), and the files left stay pending for the next manifest.
 */
async function claimShardRun(
  deps: TrackingDeps,
  files: TrackedFile[],
  indexes: number[],
  outcomes: ClaimOutcome[],
  claim: { manifestId: string; now: string; inFlight: number },
): Promise<void> {
  let contested = false;
  const one = async (i: number) => {
    if (contested) return;
    outcomes[i] = await claimOne(deps, files[i], claim.manifestId, claim.now);
    if (outcomes[i] !== 'claimed') contested = true;
  };
  await one(indexes[0]);
  await mapLimit(indexes.slice(1), claim.inFlight, one);
}

/**
 * Claim pending files for a manifest: one conditional update per file (pending → manifested, REMOVE
 * gsi_status), so of two builders racing over the same files each file goes to exactly one. Returns the files
 * this manifest holds. The manifest record is created first unless it exists (claimed, open: a crash after this
 * point leaves a record orphan recovery finds; the builder lets this create it, not a separate call, so no write
 * is a no-op). Files are claimed shard by shard in the given order (several
 * shards at once); a shard where another manifest took a file is left to it. When this call created the record and
 * claimed every candidate, the record already lists exactly them and is only read back (still 'claimed'?); otherwise it is rewritten with the
 * claimed files. If a claim fails for another reason, or the manifest is no longer 'claimed' (recovery released
 * it meanwhile), every file of this manifest is released before returning/throwing, so nothing stays manifested
 * without an open manifest.
 */
export async function claimFiles(deps: TrackingDeps, files: TrackedFile[], manifestId: string): Promise<TrackedFile[]> {
  for (const f of files) assertFile(f);
  const created = (await createManifest(deps, { manifestId, files })) === 'created';
  const concurrency = deps.concurrency ?? 16;
  const shardsAtOnce = Math.max(1, Math.min(4, Math.floor(concurrency / 4)));
  const claim = { manifestId, now: nowOf(deps).toISOString(), inFlight: Math.max(1, Math.floor(concurrency / shardsAtOnce)) };
  const outcomes: ClaimOutcome[] = files.map(() => 'skipped');
  await mapLimit(shardGroups(deps, files), shardsAtOnce, (group) => claimShardRun(deps, files, group, outcomes, claim));
  const failed = outcomes.find((o): o is { error: unknown } => typeof o === 'object');
  if (failed) {
    await releaseFiles(deps, files, manifestId);
    await finishManifest(deps, manifestId, 'released');
    throw failed.error;
  }
  const claimed = files.filter((_, i) => outcomes[i] === 'claimed');
  const stillClaimed =
    claimed.length > 0 &&
    (created && claimed.length === files.length ? await isManifestClaimed(deps, manifestId) : await recordClaimedFiles(deps, manifestId, claimed));
  if (!stillClaimed) {
    await releaseFiles(deps, claimed, manifestId);
    if (claimed.length === 0) await finishManifest(deps, manifestId, 'released').catch(() => undefined);
    return [];
  }
  return claimed;
}
