export { defineHandler } from './handler';
export { loadConfig, baseConfigSchema } from './config';
export { MetricUnit } from '@aws-lambda-powertools/metrics';
export { perConfiguration } from './per-configuration';
