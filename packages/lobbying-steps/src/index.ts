export { checkNewFilings, downloadFilings, advanceLobbyingWatermark } from './fetch';
export { parseToSilver } from './silver';
export { transformToGold } from './gold';
export { batchSchema } from './batch';
export { depsFromEnv, lobbyingConfigSchema } from './config';
