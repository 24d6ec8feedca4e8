export { createResiliencePolicy, type ResiliencePolicy } from './policy';
export { BreakerOpenError } from './errors';
