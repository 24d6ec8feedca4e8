import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The real Clerk files committed under sample-data/house-fd/source (Clerk layout). */
export const SOURCE_DIR = fileURLToPath(new URL('../../../sample-data/house-fd/source/', import.meta.url));
export const sourcePath = (rel: string) => `${SOURCE_DIR}${rel}`;
export const readSource = (rel: string) => new Uint8Array(readFileSync(sourcePath(rel)));
export const membersYaml = () => readFileSync(sourcePath('members/legislators-current.yaml'), 'utf8');
/** The congress.gov /v3/member list (all pages merged, every member since 1929), trimmed to the fields we read. */
export const congressGovMembersJson = () => readFileSync(sourcePath('members/congress-gov-members.json'), 'utf8');
export const INGEST_TS = '2025-12-31T00:00:00.000Z';
