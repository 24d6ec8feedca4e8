export { getWatermark, advanceWatermark, WatermarkConflictError, type Watermark } from './watermark';
