import type { StepDeps } from './config';
import { keys, writeBatchManifest, type Batch } from './batch';
import { zipPath, MEMBERS_PATH, SourceUnavailableError } from './source';
import { fetchMemberList, MEMBER_LIST_FILES } from './member-list';

export interface IngestResult {
  years: { year: number; key: string; bytes: number; etag: string }[];
  membersKey: string | null;
  /** Bronze key of the complete member list (former members included), null when the source has none. */
  memberListKey: string | null;
  /** Fingerprints of what was actually ingested (the Clerk may have changed since the check). */
  fingerprints: Record<string, string>;
}

/** Copy each changed yearly zip (and the member files) into bronze, as fetched. */
export async function ingestZip(deps: StepDeps, batch: Batch): Promise<IngestResult> {
  const fingerprints = { ...batch.fingerprints };
  const years: IngestResult['years'] = [];
  for (const year of batch.years) {
    const res = await deps.source.get(zipPath(year));
    if (res.status !== 200 || !res.body) throw new SourceUnavailableError(`${zipPath(year)} answered ${res.status} after the check saw it`);
    const key = keys.bronzeZip(year);
    await deps.lake.put(key, res.body, 'application/zip');
    const etag = res.etag ?? res.lastModified ?? fingerprints[String(year)];
    fingerprints[String(year)] = etag;
    years.push({ year, key, bytes: res.body.byteLength, etag });
  }
  const members = await deps.source.get(MEMBERS_PATH);
  let membersKey: string | null = null;
  if (members.status === 200 && members.body) {
    membersKey = keys.bronzeMembers();
    await deps.lake.put(membersKey, members.body, 'application/yaml');
  }
  const list = deps.memberList ?? { kind: 'congress-gov' as const };
  const listBytes = await fetchMemberList(list, deps.source);
  let memberListKey: string | null = null;
  if (listBytes) {
    memberListKey = keys.bronzeMemberList(MEMBER_LIST_FILES[list.kind]);
    await deps.lake.put(memberListKey, listBytes, list.kind === 'congress-gov' ? 'application/json' : 'application/yaml');
  }
  await writeBatchManifest(deps.lake, { ...batch, fingerprints });
  return { years, membersKey, memberListKey, fingerprints };
}
