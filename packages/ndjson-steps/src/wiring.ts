/**
 * The steps' ports bound to the real packages: @medallion/file-tracking on the tables named by
 * MEDALLION_TABLE_*, @medallion/circuit-breaker around StartExecution, and the dispatcher chosen
 * by NDJSON_DISPATCH. Built once per configuration (once per Lambda container).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as ft from '@medallion/file-tracking';
import { createResiliencePolicy } from '@medallion/circuit-breaker';
import { openLakeFromEnv, type ObjectStore } from '@medallion/lake';
import { perConfiguration } from '@medallion/runtime';
import { depsFromEnv, required, type NdjsonConfig } from './config';
import { eventBridgeDispatcher, stepFunctionsDispatcher } from './dispatcher';
import type { BuilderDeps } from './manifest-builder';
import type { Dispatcher, FileTracking } from './ports';

/** FileTracking over @medallion/file-tracking with these deps. */
export function fileTracking(deps: ft.TrackingDeps): FileTracking {
  return {
    registerFile: (file) => ft.registerFile(deps, file),
    listPendingFiles: (opts) => ft.listPendingFiles(deps, opts),
    claimFiles: (files, id) => ft.claimFiles(deps, files, id),
    markProcessed: (files, id) => ft.markProcessed(deps, files, id),
    releaseFiles: (files, id) => ft.releaseFiles(deps, files, id),
    markManifestStarted: (id, executionArn) => ft.markManifestStarted(deps, id, { executionArn }),
    finishManifest: (id, status) => ft.finishManifest(deps, id, status),
    listOpenManifests: (opts) => ft.listOpenManifests(deps, opts),
  };
}

function trackingDeps(cfg: NdjsonConfig, client: DynamoDBClient): ft.TrackingDeps {
  return {
    client,
    table: required(cfg, 'MEDALLION_TABLE_FILE_TRACKING'),
    manifestsTable: required(cfg, 'MEDALLION_TABLE_NDJSON_MANIFESTS'),
    shards: cfg.NDJSON_SHARDS,
    previousShards: cfg.NDJSON_PREVIOUS_SHARDS,
    ttlDays: cfg.NDJSON_TTL_DAYS,
  };
}

const lakeFor = perConfiguration((env): ObjectStore => openLakeFromEnv({ ...env, MEDALLION_LAKE_URI: depsFromEnv(env).cfg.MEDALLION_LAKE_URI }));

/** The lake from the environment (compensation removes a failed manifest's outputs there). */
export function lakeFromEnv(env: Record<string, string | undefined> = process.env): ObjectStore {
  return lakeFor(env);
}

/** File tracking from the environment (update status, compensation). */
export function trackingFromEnv(env: Record<string, string | undefined> = process.env): FileTracking {
  const { cfg, dynamo } = depsFromEnv(env);
  return fileTracking(trackingDeps(cfg, dynamo));
}

function dispatcherOf(env: Record<string, string | undefined>): Dispatcher {
  const { cfg, sfn, events } = depsFromEnv(env);
  return cfg.NDJSON_DISPATCH === 'eventbridge'
    ? eventBridgeDispatcher(events, required(cfg, 'NDJSON_EVENT_BUS_NAME'))
    : stepFunctionsDispatcher(sfn, required(cfg, 'NDJSON_STATE_MACHINE_ARN'));
}

const builderFor = perConfiguration((env): BuilderDeps => {
  const { cfg, dynamo } = depsFromEnv(env);
  return {
    tracking: fileTracking(trackingDeps(cfg, dynamo)),
    dispatcher: dispatcherOf(env),
    // Shared by every container through circuit_breakers: 5 failed starts open it for a minute.
    policy: createResiliencePolicy({
      client: dynamo,
      table: required(cfg, 'MEDALLION_TABLE_CIRCUIT_BREAKERS'),
      breakerId: `ndjson-dispatch-${cfg.NDJSON_DISPATCH}`,
      failureThreshold: 5,
      halfOpenAfterMs: 60_000,
      timeoutMs: 5_000,
      retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 2_000 },
      // ExecutionAlreadyExists never reaches here (the dispatcher returns it as success); a validation error is ours, not an outage.
      isFailure: (err) => !['ValidationException', 'InvalidName', 'InvalidExecutionInput', 'StateMachineDoesNotExist'].includes((err as Error)?.name),
    }),
    limits: { maxFiles: cfg.NDJSON_MANIFEST_MAX_FILES, maxBytes: cfg.NDJSON_MANIFEST_MAX_BYTES, maxWaitS: cfg.NDJSON_MANIFEST_MAX_WAIT_S },
    lake: lakeFor(env),
  };
});

/** The manifest builder's (and orphan recovery's) deps from the environment. */
export function builderDepsFromEnv(env: Record<string, string | undefined> = process.env): BuilderDeps {
  return builderFor(env);
}
