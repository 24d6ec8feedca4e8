import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResiliencePolicy, type ResiliencePolicy } from '@medallion/circuit-breaker';
import { type ObjectStore, openLakeFromEnv } from '@medallion/lake';
import { baseConfigSchema, loadConfig, perConfiguration } from '@medallion/runtime';
import { z } from 'zod';
import type { LdaSimulatorOptions } from './lda-simulator';

export const lobbyingConfigSchema = baseConfigSchema.extend({
  /** LDA REST API root (…/api/v1/filings/ below it). Configurable: the Senate endpoint is being replaced. `local:` = the simulator. */
  LDA_API_URL: z.string().url().default('https://lda.senate.gov'),
  /** Filing years watched, comma-separated; default this year and last. */
  LDA_YEARS: z
    .string()
    .regex(/^\d{4}(,\d{4})*$/, 'comma-separated years, e.g. 2024,2025')
    .transform((s) => s.split(',').map(Number))
    .optional(),
  /** Filings per page (the API's maximum is 25). */
  LDA_PAGE_SIZE: z.coerce.number().int().min(1).max(25).default(25),
  WATERMARK_TABLE: z.string().min(3),
  LOBBYING_WATERMARK_ID: z.string().min(1).default('lobbying'),
  MEDALLION_TABLE_CIRCUIT_BREAKERS: z.string().min(3),
});

export interface StepDeps {
  lake: ObjectStore;
  dynamo: DynamoDBClient;
  baseUrl: string;
  years: number[];
  pageSize: number;
  watermarkTable: string;
  watermarkId: string;
  /** Retries with backoff + full jitter around a per-request timeout, behind the shared breaker `lda-api`. */
  policy: ResiliencePolicy;
}

export function ldaPolicy(dynamo: DynamoDBClient, breakersTable: string, overrides: { initialDelayMs?: number; timeoutMs?: number } = {}): ResiliencePolicy {
  return createResiliencePolicy({
    client: dynamo,
    table: breakersTable,
    breakerId: 'lda-api',
    failureThreshold: 5,
    halfOpenAfterMs: 60_000,
    timeoutMs: overrides.timeoutMs ?? 20_000,
    retry: { maxAttempts: 5, initialDelayMs: overrides.initialDelayMs ?? 1_000, maxDelayMs: 30_000 },
  });
}

const clientsFor = perConfiguration((env) => {
  const cfg = loadConfig(lobbyingConfigSchema, env);
  const dynamo = cfg.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({ endpoint: cfg.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBClient({});
  return {
    cfg,
    dynamo,
    lake: openLakeFromEnv({ ...env, MEDALLION_LAKE_URI: cfg.MEDALLION_LAKE_URI }),
    policy: ldaPolicy(dynamo, cfg.MEDALLION_TABLE_CIRCUIT_BREAKERS),
  };
});

let localUrl: Promise<string> | undefined;

export async function depsFromEnv(env: Record<string, string | undefined> = process.env): Promise<StepDeps> {
  const { cfg, dynamo, lake, policy } = clientsFor(env);
  const y = new Date().getUTCFullYear();
  let baseUrl = cfg.LDA_API_URL;
  if (baseUrl.startsWith('local:')) {
    // A local run: the simulator, on loopback, once per process (never keeping it alive).
    const dir = baseUrl.slice('local:'.length);
    localUrl ??= import('./lda-simulator').then(async ({ startLdaSimulator }) => (await startLdaSimulator(localSimulatorOptions(dir), { unref: true })).url);
    baseUrl = await localUrl;
  }
  return {
    lake,
    dynamo,
    baseUrl,
    years: cfg.LDA_YEARS ?? [y - 1, y],
    pageSize: cfg.LDA_PAGE_SIZE,
    watermarkTable: cfg.WATERMARK_TABLE,
    watermarkId: cfg.LOBBYING_WATERMARK_ID,
    policy,
  };
}

/** A local run's simulator: <dir>/simulator.json ({ perYear, bills }). */
function localSimulatorOptions(dir: string): LdaSimulatorOptions {
  return JSON.parse(readFileSync(join(dir, 'simulator.json'), 'utf8')) as LdaSimulatorOptions;
}
