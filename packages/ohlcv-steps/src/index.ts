export { fetchEventSchema, runFetch, resampleEventSchema, runResample, retentionEventSchema, runRetention } from './steps';
export { closeOhlcvConnections } from './config';
