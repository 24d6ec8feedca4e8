import { resolve } from 'node:path';
import { z } from 'zod';
import { baseConfigSchema, defineHandler, loadConfig, MetricUnit, perConfiguration } from '@medallion/runtime';
import { openLakeFromEnv } from '@medallion/lake';
import { findChecksDir, gateEventSchema, runQualityGate } from '@medallion/quality';

const configSchema = baseConfigSchema.extend({
  /** Where soda/checks lives in the bundle; found by walking up from the task root when unset. */
  QUALITY_CHECKS_DIR: z.string().min(1).optional(),
});

/** The lake (and its S3 client) once per configuration, not per invocation. */
const lakeFor = perConfiguration((env) => openLakeFromEnv(env));

/**
 * Quality gate (ValidateQuality states): scan the event's soda/checks files against the lake and
 * return { passed, outcome, failedChecks, summary, … }. It never throws for failing data — the
 * state machine branches on `passed` and alerts with `summary` — only for bad events or config.
 */
export const handler = defineHandler({
  service: 'run-quality-checks',
  event: gateEventSchema,
  handler: async (event, ctx) => {
    const cfg = loadConfig(configSchema);
    const lakeUri = event.lakeUri ?? cfg.MEDALLION_LAKE_URI;
    const lake = lakeUri.startsWith('s3://')
      ? { store: lakeFor({ ...process.env, MEDALLION_LAKE_URI: lakeUri }) }
      : { lakeDir: resolve(lakeUri.replace(/^file:\/\//, '')) };
    const result = await runQualityGate(event, { checksDir: cfg.QUALITY_CHECKS_DIR ?? findChecksDir(), ...lake });
    const log = {
      layer: result.layer,
      batchSeq: result.batchSeq,
      outcome: result.outcome,
      counts: result.counts,
      failedChecks: result.failedChecks.map((f) => f.name),
    };
    // One datum per gate run, per outcome (the dashboards' quality widget reads these).
    ctx.metrics.addDimension('Layer', result.layer);
    ctx.metrics.addMetric('QualityChecksPassed', MetricUnit.Count, result.counts.pass);
    ctx.metrics.addMetric('QualityChecksWarned', MetricUnit.Count, result.counts.warn);
    ctx.metrics.addMetric('QualityChecksFailed', MetricUnit.Count, result.counts.fail);
    ctx.metrics.addMetric('QualityChecksErrored', MetricUnit.Count, result.counts.error);
    if (result.passed) ctx.logger.info('quality gate passed', log);
    else ctx.logger.error('quality gate stopped the batch', log);
    return result;
  },
});
