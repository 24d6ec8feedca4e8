import { z } from 'zod';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { baseConfigSchema, loadConfig, perConfiguration } from '@medallion/runtime';
import { openLakeFromEnv, type ObjectStore } from '@medallion/lake';
import { openSource, type ClerkSource } from './source';
import { memberListConfigSchema, memberListSource, type MemberListSource } from './member-list';

const yearList = z
  .string()
  .regex(/^\d{4}(,\d{4})*$/, 'comma-separated years, e.g. 2024,2025')
  .transform((s) => s.split(',').map(Number));

export const houseFdConfigSchema = baseConfigSchema
  .extend({
    HOUSE_FD_SOURCE_URL: z.string().min(1).default('https://disclosures-clerk.house.gov/public_disc'),
    /** Years whose index zip is watched. Default: this year and last (a year's index keeps growing after it ends). */
    HOUSE_FD_YEARS: yearList.optional(),
    WATERMARK_TABLE: z.string().min(3),
    HOUSE_FD_WATERMARK_ID: z.string().min(1).default('house_fd'),
  })
  .extend(memberListConfigSchema.shape);
export type HouseFdConfig = z.infer<typeof houseFdConfigSchema>;

/** Everything a step touches, built from configuration (and swappable in tests). */
export interface StepDeps {
  lake: ObjectStore;
  source: ClerkSource;
  dynamo: DynamoDBClient;
  watermarkTable: string;
  watermarkId: string;
  years: number[];
  /** Where IngestZip fetches the complete member list (former members included); default: congress-gov from the source. */
  memberList?: MemberListSource;
}

export function defaultYears(now = new Date()): number[] {
  const y = now.getUTCFullYear();
  return [y - 1, y];
}

/** Clients, lake and source for one environment: built on the first call, then reused (once per Lambda container). */
const clientsFor = perConfiguration((env) => {
  const cfg = loadConfig(houseFdConfigSchema, env);
  const dynamo = cfg.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({ endpoint: cfg.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBClient({});
  return {
    cfg,
    dynamo,
    lake: openLakeFromEnv({ ...env, MEDALLION_LAKE_URI: cfg.MEDALLION_LAKE_URI }),
    source: openSource(cfg.HOUSE_FD_SOURCE_URL),
  };
});

/**
 * Step deps from the environment. Handlers call it on every invocation: the clients and the lake
 * are built once per configuration (see clientsFor); only the default years are worked out
 * per call, since a warm container can outlive New Year.
 */
export function depsFromEnv(env: Record<string, string | undefined> = process.env): StepDeps {
  const { cfg, dynamo, lake, source } = clientsFor(env);
  return {
    lake,
    source,
    dynamo,
    watermarkTable: cfg.WATERMARK_TABLE,
    watermarkId: cfg.HOUSE_FD_WATERMARK_ID,
    years: cfg.HOUSE_FD_YEARS ?? defaultYears(),
    memberList: memberListSource(cfg),
  };
}
