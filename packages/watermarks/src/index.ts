export { getWatermark, advanceWatermark, WatermarkConflictError, type Watermark, type AdvanceRequest } from './watermark';
