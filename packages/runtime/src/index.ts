export { defineHandler, createObservability, InvalidEventError, METRICS_NAMESPACE, type HandlerContext, type Observability, type DefineHandlerOptions } from './handler';
export { loadConfig, baseConfigSchema, ConfigError } from './config';
export { MetricUnit } from '@aws-lambda-powertools/metrics';
export { perConfiguration, configurationKey } from './per-configuration';
