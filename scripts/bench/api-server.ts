/**
 * The API process the `api` benchmark starts (bundled by esbuild first, like the Lambda, so a
 * cold start is not TypeScript compilation): `lake api serve` without the CLI around it.
 *   node .bench/api/server.mjs <lakeDir>   → prints `LISTENING <url>`
 */
import { serveApi } from '@medallion/api';

const local = await serveApi({ lake: process.argv[2] ?? '.lake', port: 0 });
console.log(`LISTENING ${local.url}`);
process.once('SIGTERM', () => {
  local.close().then(() => process.exit(0));
});
