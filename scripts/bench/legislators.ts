/** The real members file, through the production parser and adapter (what TransformToGold does). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLegislators } from '@medallion/house-fd';
import { toMemberInputs } from '@medallion/house-fd-steps';
import type { MemberInput } from '@medallion/house-fd-gold';

export const MEMBERS_YAML = resolve(import.meta.dirname, '../../sample-data/house-fd/source/members/legislators-current.yaml');

export function loadLegislators(): MemberInput[] {
  return toMemberInputs(parseLegislators(readFileSync(MEMBERS_YAML, 'utf8')));
}
