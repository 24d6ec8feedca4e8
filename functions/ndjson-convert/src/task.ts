/**
 * The Fargate task's process entry (the image's CMD: `node task.mjs`), bundled beside the handler by `make build`
 * into the same zip and the image context dist/images/ndjson-convert. The same runConvertTask the local child
 * process runs: the manifest from NDJSON_MANIFEST / NDJSON_MANIFEST_KEY (ContainerOverrides) or
 * --manifest-json / --manifest-key; exit 0 done, 1 failed, 2 usage.
 */
import { runConvertTask } from '@medallion/ndjson-steps';

process.exitCode = await runConvertTask(process.argv.slice(2));
