export type { ObjectStore, ObjectInfo } from './store';
export { localStore } from './local-store';
export { s3Store, type S3StoreOptions } from './s3-store';
export { openLake, openLakeFromEnv } from './open';
export { layeredStore } from './layered-store';
export { writeViaLocalFile } from './staging';
export { validateKey, validateSegment, medallionKey, batchPartition, InvalidKeyError, type Layer } from './keys';
export { observeLake, type LakeAccess, type LakeOp } from './observe';
