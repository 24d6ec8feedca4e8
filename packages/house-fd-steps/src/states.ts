// Its own module so the CLI registration (pipeline.ts) can name the states without loading the steps.
/** The pipeline's top-level states in order (state_machines/house_fd_pipeline.json). */
export const HOUSE_FD_STATES = [
  'CheckNewFilings',
  'IngestZip',
  'IndexToSilver',
  'ExtractDocuments',
  'CompactSilver',
  'ValidateSilver',
  'TransformToGold',
  'ValidateGold',
  'PublishGold',
  'UpdateCache',
  'AdvanceWatermark',
] as const;
export type HouseFdState = (typeof HOUSE_FD_STATES)[number];
