import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { ClerkSource } from './source';

/**
 * Where the complete member list (former members included) comes from. legislators-current.yaml
 * only lists who sits today, so every filer who left (resigned, retired, died) went unmatched.
 *
 * - `congress-gov`: the congress.gov API v3 `/v3/member` list, pages merged into one
 *   `{ members: [...] }` document (the shape of sample-data's congress-gov-members.json).
 * - `legislators-historical`: unitedstates/congress-legislators' legislators-historical.yaml
 *   (same format as legislators-current.yaml, dated terms).
 */
export const MEMBER_LIST_KINDS = ['congress-gov', 'legislators-historical'] as const;
export type MemberListKind = (typeof MEMBER_LIST_KINDS)[number];

export const memberListConfigSchema = z.object({
  HOUSE_FD_MEMBER_SOURCE: z.enum(MEMBER_LIST_KINDS).default('congress-gov'),
  /**
   * Where to fetch the list: an https URL (in AWS: https://api.congress.gov/v3/member or
   * https://unitedstates.github.io/congress-legislators/legislators-historical.yaml) or a local
   * file. Default: the file of that name under the Clerk-layout source's members/ (the sample data).
   */
  HOUSE_FD_MEMBERS_URL: z.string().min(1).optional(),
  /** SSM parameter (SecureString) holding the api.congress.gov key; needed when the URL is the congress.gov API. */
  CONGRESS_GOV_API_KEY_PARAMETER: z.string().min(1).optional(),
});

export interface MemberListSource {
  kind: MemberListKind;
  url?: string;
  apiKeyParameter?: string;
}

export function memberListSource(cfg: z.infer<typeof memberListConfigSchema>): MemberListSource {
  return { kind: cfg.HOUSE_FD_MEMBER_SOURCE, url: cfg.HOUSE_FD_MEMBERS_URL, apiKeyParameter: cfg.CONGRESS_GOV_API_KEY_PARAMETER };
}

/** File name of each list, in the source's members/ directory and in bronze. */
export const MEMBER_LIST_FILES: Record<MemberListKind, string> = {
  'congress-gov': 'congress-gov-members.json',
  'legislators-historical': 'legislators-historical.yaml',
};

const CONGRESS_GOV_PAGE = 250;
const isCongressGovApi = (url: string) => /^https:\/\/api\.congress\.gov\//.test(url);

/** Injected in tests: no test reaches api.congress.gov or SSM. */
export interface MemberListIo {
  fetch: typeof fetch;
  apiKey(parameterName: string): Promise<string>;
}

let ssm: SSMClient | undefined; // one client per container
const defaultIo: MemberListIo = {
  fetch: (...args) => fetch(...args),
  async apiKey(name) {
    ssm ??= new SSMClient({});
    const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    if (!out.Parameter?.Value) throw new Error(`SSM parameter ${name} holds no api.congress.gov key`);
    return out.Parameter.Value;
  },
};

/**
 * The list's bytes, or null when the source does not have it (a Clerk-layout directory without
 * the file: matching then uses legislators-current.yaml alone, as before).
 */
export async function fetchMemberList(list: MemberListSource, clerk: ClerkSource, io: MemberListIo = defaultIo): Promise<Uint8Array | null> {
  const file = MEMBER_LIST_FILES[list.kind];
  if (!list.url) {
    const res = await clerk.get(`members/${file}`);
    return res.status === 200 && res.body ? res.body : null;
  }
  if (!/^https?:\/\//.test(list.url)) return new Uint8Array(await readFile(list.url));
  if (list.kind === 'congress-gov' && isCongressGovApi(list.url)) {
    if (!list.apiKeyParameter)
      throw new Error('HOUSE_FD_MEMBERS_URL is the congress.gov API: set CONGRESS_GOV_API_KEY_PARAMETER to the SSM parameter holding the key');
    return fetchCongressGovPages(list.url, await io.apiKey(list.apiKeyParameter), io.fetch);
  }
  return httpGet(list.url, {}, io.fetch);
}

async function httpGet(url: string, headers: Record<string, string>, fetchImpl: typeof fetch): Promise<Uint8Array> {
  const res = await fetchImpl(url, { headers: { 'user-agent': 'medallion-house-fd/0.1', ...headers }, signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`GET ${url.replace(/api_key=[^&]*/, 'api_key=…')} answered ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

const pageSchema = z.object({ members: z.array(z.unknown()), pagination: z.object({ next: z.string().optional() }).optional() });

/** Every page of /v3/member merged into one document, the shape congress-gov-members.json has. */
export async function fetchCongressGovPages(url: string, apiKey: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  const members: unknown[] = [];
  for (let offset = 0; ; offset += CONGRESS_GOV_PAGE) {
    const page = new URL(url);
    page.searchParams.set('format', 'json');
    page.searchParams.set('limit', String(CONGRESS_GOV_PAGE));
    page.searchParams.set('offset', String(offset));
    // The key travels in a header, so it never appears in a logged URL.
    const body = pageSchema.parse(JSON.parse(Buffer.from(await httpGet(page.toString(), { 'x-api-key': apiKey }, fetchImpl)).toString('utf8')));
    members.push(...body.members);
    if (!body.pagination?.next || body.members.length === 0) break;
  }
  return new Uint8Array(Buffer.from(`${JSON.stringify({ count: members.length, members })}\n`, 'utf8'));
}
