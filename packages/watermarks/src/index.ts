export { getWatermark, advanceWatermark, type Watermark } from './watermark';
