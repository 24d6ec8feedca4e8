import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResiliencePolicy } from '@medallion/circuit-breaker';
import { type ObjectStore, openLakeFromEnv } from '@medallion/lake';
import { baseConfigSchema, loadConfig, perConfiguration } from '@medallion/runtime';
import { z } from 'zod';
import { type ApiClient, createApiClient, isApiFailure } from './api-client';
import { type Clock, systemClock } from './clock';
import { TokenBucket } from './token-bucket';

export const congressConfigSchema = baseConfigSchema.extend({
  /**
   * congress.gov API root (paths start with /v3). `local:<dir>` (local runs): a loopback simulator
   * serving the recorded responses in <dir>/recorded plus the generated bills <dir>/simulator.json asks for.
   */
  CONGRESS_API_URL: z.string().url().default('https://api.congress.gov'),
  /** committee-membership-current.yaml (unitedstates/congress-legislators): an https URL or a local path. */
  CONGRESS_COMMITTEE_MEMBERSHIP_URL: z.string().min(1).default('https://unitedstates.github.io/congress-legislators/committee-membership-current.yaml'),
  /** SSM SecureString parameter holding the api.data.gov key (read with Powertools parameters). */
  CONGRESS_GOV_API_KEY_PARAMETER: z.string().min(1).optional(),
  /** The key itself (local runs only; in AWS the parameter above). */
  CONGRESS_API_KEY: z.string().min(1).optional(),
  CONGRESS_HOURLY_LIMIT: z.coerce.number().int().min(2).default(5000),
  CONGRESS_BURST: z.coerce.number().int().min(1).default(100),
  /** The first batch's fromDateTime (a backfill starts here). */
  CONGRESS_BACKFILL_FROM: z.string().datetime().default('2024-01-01T00:00:00Z'),
  /** Bills per FetchDetails Map iteration. */
  CONGRESS_CHUNK_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  WATERMARK_TABLE: z.string().min(3),
  CONGRESS_WATERMARK_ID: z.string().min(1).default('congress'),
  MEDALLION_TABLE_RATE_LIMITS: z.string().min(3),
  MEDALLION_TABLE_CIRCUIT_BREAKERS: z.string().min(3),
});
export type CongressConfig = z.infer<typeof congressConfigSchema>;

/** Everything a step touches (swappable in tests: a simulated clock, a loopback API). */
export interface StepDeps {
  lake: ObjectStore;
  api: ApiClient;
  dynamo: DynamoDBClient;
  watermarkTable: string;
  watermarkId: string;
  backfillFrom: string;
  chunkSize: number;
  clock: Clock;
  /** Where FetchBills copies the committee membership from (URL or local path); none in some tests. */
  committeeMembershipSource?: string;
}

export interface ApiDepsOptions {
  dynamo: DynamoDBClient;
  baseUrl: string;
  apiKey: string;
  rateLimitsTable: string;
  breakersTable: string;
  hourlyLimit: number;
  burst: number;
  clock: Clock;
  random?: () => number;
  requestTimeoutMs?: number;
}

/** The API client every congress fetcher uses: shared token bucket `congress-gov`, breaker `congress-gov-api`. */
export function congressApi(o: ApiDepsOptions): ApiClient {
  const bucket = new TokenBucket({
    client: o.dynamo,
    table: o.rateLimitsTable,
    bucketId: 'congress-gov',
    hourlyLimit: o.hourlyLimit,
    burst: o.burst,
    clock: o.clock,
  });
  const breaker = createResiliencePolicy({
    client: o.dynamo,
    table: o.breakersTable,
    breakerId: 'congress-gov-api',
    failureThreshold: 5,
    halfOpenAfterMs: 60_000,
    // One unit of work with all its retries (the per-request timeout is the client's).
    timeoutMs: 600_000,
    retry: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 },
    isFailure: isApiFailure,
    now: () => new Date(o.clock.now()),
  });
  return createApiClient({ baseUrl: o.baseUrl, apiKey: o.apiKey, bucket, breaker, clock: o.clock, random: o.random, requestTimeoutMs: o.requestTimeoutMs });
}

async function apiKeyFrom(cfg: CongressConfig): Promise<string> {
  if (cfg.CONGRESS_API_KEY) return cfg.CONGRESS_API_KEY;
  if (!cfg.CONGRESS_GOV_API_KEY_PARAMETER) throw new Error('set CONGRESS_GOV_API_KEY_PARAMETER (an SSM SecureString) or, locally, CONGRESS_API_KEY');
  // Powertools caches the value (5 minutes by default) across invocations of a warm container.
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  const key = await getParameter(cfg.CONGRESS_GOV_API_KEY_PARAMETER, { decrypt: true });
  if (!key) throw new Error(`SSM parameter ${cfg.CONGRESS_GOV_API_KEY_PARAMETER} is empty`);
  return key;
}

const clientsFor = perConfiguration((env) => {
  const cfg = loadConfig(congressConfigSchema, env);
  const dynamo = cfg.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({ endpoint: cfg.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBClient({});
  return { cfg, dynamo, lake: openLakeFromEnv({ ...env, MEDALLION_LAKE_URI: cfg.MEDALLION_LAKE_URI }) };
});

/** The loopback simulator of a `local:<dir>` API URL: started once per process, never keeping it alive. */
const localApis = new Map<string, Promise<string>>();
function localApiUrl(dir: string): Promise<string> {
  let url = localApis.get(dir);
  if (!url) {
    url = import('./local-api').then(async ({ CongressApiSimulator, simulatorOptionsFrom, startLoopbackApi }) => {
      const api = await startLoopbackApi(new CongressApiSimulator(simulatorOptionsFrom(dir)), { unref: true });
      return api.url;
    });
    localApis.set(dir, url);
  }
  return url;
}

/** Step deps from the environment: clients once per container, the key through Powertools' cache. */
export async function depsFromEnv(env: Record<string, string | undefined> = process.env): Promise<StepDeps> {
  const { cfg, dynamo, lake } = clientsFor(env);
  const local = cfg.CONGRESS_API_URL.startsWith('local:');
  const api = congressApi({
    dynamo,
    baseUrl: local ? await localApiUrl(cfg.CONGRESS_API_URL.slice('local:'.length)) : cfg.CONGRESS_API_URL,
    apiKey: local ? 'local' : await apiKeyFrom(cfg),
    rateLimitsTable: cfg.MEDALLION_TABLE_RATE_LIMITS,
    breakersTable: cfg.MEDALLION_TABLE_CIRCUIT_BREAKERS,
    hourlyLimit: cfg.CONGRESS_HOURLY_LIMIT,
    burst: cfg.CONGRESS_BURST,
    clock: systemClock,
  });
  return {
    lake,
    api,
    dynamo,
    watermarkTable: cfg.WATERMARK_TABLE,
    watermarkId: cfg.CONGRESS_WATERMARK_ID,
    backfillFrom: cfg.CONGRESS_BACKFILL_FROM,
    chunkSize: cfg.CONGRESS_CHUNK_SIZE,
    clock: systemClock,
    committeeMembershipSource: cfg.CONGRESS_COMMITTEE_MEMBERSHIP_URL,
  };
}
