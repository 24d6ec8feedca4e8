import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';

export class InvalidEventError extends Error {
  override name = 'InvalidEvent';
}

export interface Observability {
  logger: Logger;
  tracer: Tracer;
  metrics: Metrics;
}

export interface HandlerContext extends Observability {
  lambda: Context;
  /** Count rows through a step (metrics RowsIn/RowsOut/RowsQuarantined, dimension Step). */
  countRows(counts: { in?: number; out?: number; quarantined?: number }): void;
}

export interface DefineHandlerOptions<S extends z.ZodTypeAny, R> {
  /** Service name for logs, traces and metrics (e.g. 'house-fd-ingest-zip'). */
  service: string;
  /** zod schema of the incoming event. */
  event: S;
  handler: (event: z.infer<S>, ctx: HandlerContext) => Promise<R>;
}

/** Namespace for every custom metric; dashboards read it. */
export const METRICS_NAMESPACE = 'Medallion';

export function createObservability(service: string): Observability {
  // LOG_LEVEL comes from the environment (Terraform sets it per environment).
  const logger = new Logger({ serviceName: service, logLevel: (process.env.LOG_LEVEL ?? 'INFO') as 'INFO' });
  return {
    logger,
    tracer: new Tracer({ serviceName: service }),
    // Metrics' own warnings go through the logger, so they obey LOG_LEVEL too.
    // Environment as a default dimension: dev and prod may share an account and a namespace.
    metrics: new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: service,
      logger,
      ...(process.env.MEDALLION_ENV ? { defaultDimensions: { Environment: process.env.MEDALLION_ENV } } : {}),
    }),
  };
}

/**
 * A Lambda handler the Medallion way: middy 6 + Powertools Logger/Tracer/Metrics, the event
 * validated with zod before any business code runs. The business function stays a plain
 * async function that tests can call directly.
 */
export function defineHandler<S extends z.ZodTypeAny, R>(opts: DefineHandlerOptions<S, R>) {
  const obs = createObservability(opts.service);
  const base = async (raw: unknown, lambda: Context): Promise<R> => {
    const parsed = opts.event.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
      obs.logger.error('invalid event', { problems });
      throw new InvalidEventError(`invalid event for ${opts.service}: ${problems}`);
    }
    const countRows: HandlerContext['countRows'] = (c) => {
      obs.metrics.addDimension('Step', opts.service);
      if (c.in !== undefined) obs.metrics.addMetric('RowsIn', MetricUnit.Count, c.in);
      if (c.out !== undefined) obs.metrics.addMetric('RowsOut', MetricUnit.Count, c.out);
      if (c.quarantined !== undefined) obs.metrics.addMetric('RowsQuarantined', MetricUnit.Count, c.quarantined);
    };
    return opts.handler(parsed.data, { ...obs, lambda, countRows });
  };
  return middy(base)
    .use(injectLambdaContext(obs.logger, { resetKeys: true }))
    .use(captureLambdaHandler(obs.tracer))
    .use(logMetrics(obs.metrics, { throwOnEmptyMetrics: false }));
}
