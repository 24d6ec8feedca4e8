/**
 * Process entry of the converter for the Fargate task and, locally, the child process the ASL runner starts for
 * `ecs:runTask.sync`: `node --import tsx packages/ndjson-steps/src/convert-main.ts --manifest-key <key>` (or the
 * NDJSON_MANIFEST / NDJSON_MANIFEST_KEY environment overrides). Same code as the Lambda.
 */
import { runConvertTask } from './convert-task';

process.exitCode = await runConvertTask(process.argv.slice(2));
