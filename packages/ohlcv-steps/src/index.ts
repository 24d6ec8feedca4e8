export { fetchEventSchema, runFetch, resampleEventSchema, runResample, openResampleDuck, retentionEventSchema, runRetention } from './steps';
export { closeOhlcvConnections } from './config';
export { resample } from './resample';
export { mergeIntoBronze } from './bronze';
