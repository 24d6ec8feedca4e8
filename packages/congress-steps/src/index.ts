export { fetchBills } from './fetch-bills';
export { fetchDetails } from './fetch-details';
export { transformToSilver } from './transform-to-silver';
export { buildDimensions } from './build-dimensions';
export { advanceCongressWatermark } from './advance';
export { batchSchema } from './batch';
export { depsFromEnv, congressConfigSchema } from './config';
