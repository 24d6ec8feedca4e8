import { bundleFunction } from '/work/main/scripts/build/bundle';
import { deterministicZip } from '/work/main/scripts/build/zip';
let t = Date.now();
const b = await bundleFunction('/work/main', 'house-fd-ingest-zip');
console.log('bundle', Date.now() - t); t = Date.now();
const b2 = await bundleFunction('/work/main', 'house-fd-ingest-zip');
console.log('bundle2', Date.now() - t); t = Date.now();
const z = await deterministicZip([{ path: 'index.mjs', data: b.code }, { path: 'index.mjs.map', data: b.map }]);
console.log('zip', Date.now() - t, z.length);
