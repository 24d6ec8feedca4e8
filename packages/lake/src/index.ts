export type { ObjectStore } from './store';
export { localStore } from './local-store';
export { openLakeFromEnv } from './open';
export { writeViaLocalFile } from './staging';
export { validateKey, medallionKey, batchPartition } from './keys';
export { observeLake } from './observe';
