import { z } from 'zod';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { baseConfigSchema, loadConfig, perConfiguration } from '@medallion/runtime';

const positiveInt = (dflt: number) => z.coerce.number().int().positive().default(dflt);

/**
 * Every variable an ndjson function reads (contracts.md). Each function needs only some of them,
 * so they are optional here and `required()` names the missing one when a step asks for it.
 */
export const ndjsonConfigSchema = baseConfigSchema.extend({
  MEDALLION_TABLE_FILE_TRACKING: z.string().min(3).optional(),
  MEDALLION_TABLE_NDJSON_MANIFESTS: z.string().min(3).optional(),
  MEDALLION_TABLE_CIRCUIT_BREAKERS: z.string().min(3).optional(),
  /** Write shards of the sparse pending index; NDJSON_PREVIOUS_SHARDS while a change of N drains. */
  NDJSON_SHARDS: positiveInt(10),
  NDJSON_PREVIOUS_SHARDS: z.coerce.number().int().positive().optional(),
  NDJSON_TTL_DAYS: positiveInt(30),
  /**
   * At most MAX_MANIFEST_FILES: the manifest item keeps its file list, and with the longest keys the
   * input accepts (220 characters) a file entry is ~330 bytes of the 400 KB DynamoDB item.
   */
  NDJSON_MANIFEST_MAX_FILES: positiveInt(1000).pipe(z.number().max(1200, "at most 1200: a manifest item keeps its file list within DynamoDB's 400 KB")),
  NDJSON_MANIFEST_MAX_BYTES: positiveInt(512 * 1024 * 1024),
  NDJSON_MANIFEST_MAX_WAIT_S: positiveInt(300),
  NDJSON_DISPATCH: z.enum(['stepfunctions', 'eventbridge']).default('stepfunctions'),
  NDJSON_STATE_MACHINE_ARN: z.string().min(1).optional(),
  NDJSON_EVENT_BUS_NAME: z.string().min(1).optional(),
  NDJSON_INPUT_URI: z.string().min(1).optional(),
  NDJSON_DLQ_URL: z.string().url().optional(),
  /** Local emulation only (like DYNAMODB_ENDPOINT): the Step Functions and SQS emulators. Unset in AWS. */
  STEPFUNCTIONS_ENDPOINT: z.string().url().optional(),
  SQS_ENDPOINT: z.string().url().optional(),
});
export type NdjsonConfig = z.infer<typeof ndjsonConfigSchema>;

export class MissingConfigError extends Error {
  override name = 'ConfigError';
}

/** The value of a variable this step cannot do without (the schema keeps them optional for the others). */
export function required<K extends keyof NdjsonConfig>(cfg: NdjsonConfig, name: K): NonNullable<NdjsonConfig[K]> {
  const v = cfg[name];
  if (v === undefined || v === null || v === '') throw new MissingConfigError(`invalid configuration: ${String(name)} is required by this function`);
  return v as NonNullable<NdjsonConfig[K]>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const local = (endpoint: string | undefined) => (endpoint ? { endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS } : {});

/** SDK clients for one environment, built once per configuration (once per Lambda container). */
export interface NdjsonClients {
  cfg: NdjsonConfig;
  dynamo: DynamoDBClient;
  sfn: SFNClient;
  events: EventBridgeClient;
  sqs: SQSClient;
}

const clientsFor = perConfiguration((env): NdjsonClients => {
  const cfg = loadConfig(ndjsonConfigSchema, env);
  return {
    cfg,
    // maxAttempts: the SDK's own retries with jitter; the circuit breaker wraps StartExecution on top.
    dynamo: new DynamoDBClient({ ...local(cfg.DYNAMODB_ENDPOINT), maxAttempts: 5 }),
    sfn: new SFNClient({ ...local(cfg.STEPFUNCTIONS_ENDPOINT), maxAttempts: 1 }),
    events: new EventBridgeClient({}),
    sqs: new SQSClient(local(cfg.SQS_ENDPOINT)),
  };
});

/** Clients and configuration from the environment; handlers call it on every invocation (cached per configuration). */
export function depsFromEnv(env: Record<string, string | undefined> = process.env): NdjsonClients {
  return clientsFor(env);
}
