export { createResiliencePolicy, type ResiliencePolicy, type ResiliencePolicyOptions, type CallContext } from './policy';
export { BreakerOpenError } from './errors';
export type { BreakerState } from './store';
