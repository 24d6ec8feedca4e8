#!/usr/bin/env node
// `lake`: rebuild the bundle if any workspace source is newer, then run it.
import { BUNDLE, ensureBundle } from './bundle.mjs';

await ensureBundle();
await import(BUNDLE);
