import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ObjectStore, openLakeFromEnv } from '@medallion/lake';
import { baseConfigSchema, loadConfig, perConfiguration } from '@medallion/runtime';
import { z } from 'zod';

export const correlationConfigSchema = baseConfigSchema.extend({
  /** ±days between a trade and a bill action that count as evidence. */
  CORRELATION_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  WATERMARK_TABLE: z.string().min(3),
  /** The trades' pipeline: its watermark numbers and timestamps each correlation build. */
  HOUSE_FD_WATERMARK_ID: z.string().min(1).default('house_fd'),
});

export interface StepDeps {
  lake: ObjectStore;
  dynamo: DynamoDBClient;
  watermarkTable: string;
  houseFdWatermarkId: string;
  windowDays: number;
}

const clientsFor = perConfiguration((env) => {
  const cfg = loadConfig(correlationConfigSchema, env);
  const dynamo = cfg.DYNAMODB_ENDPOINT
    ? new DynamoDBClient({ endpoint: cfg.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBClient({});
  return { cfg, dynamo, lake: openLakeFromEnv({ ...env, MEDALLION_LAKE_URI: cfg.MEDALLION_LAKE_URI }) };
});

export function depsFromEnv(env: Record<string, string | undefined> = process.env): StepDeps {
  const { cfg, dynamo, lake } = clientsFor(env);
  return { lake, dynamo, watermarkTable: cfg.WATERMARK_TABLE, houseFdWatermarkId: cfg.HOUSE_FD_WATERMARK_ID, windowDays: cfg.CORRELATION_WINDOW_DAYS };
}
