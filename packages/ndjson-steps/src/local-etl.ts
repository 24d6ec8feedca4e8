/** `lake etl ingest|demo`: the local run (src/local-run.ts) with the real converter, and its summary. */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalDynamo, type LocalHandler } from '@medallion/local';
import { generateNdjsonFiles } from '@medallion/ndjson';
import { UsageError, type CommandContext } from '@medallion/pipeline';
import { convertManifest } from './convert';
import { convertDepsFromEnv } from './convert-task';
import type { EtlRequest } from './etl-command';
import { NDJSON_FUNCTION_PACKAGES, type DeployedHandlers } from './local-functions';
import { readDefinition, runLocalIngest, type LocalEtlRun, type LocalEtlSummary } from './local-run';
import { resolveConvertInput } from './manifest-store';

// packages/ndjson-steps/src here, packages/cli/dist in the CLI bundle: the repository root is three levels up from both.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CONVERT_MAIN = join(REPO_ROOT, 'packages/ndjson-steps/src/convert-main.ts');

/** Demo input: `files` generated NDJSON files (gzip, CRLF, BOM and poison lines among them) under <lake>/_demo_input. */
function generateDemoInput(lakeDir: string, files: number): string {
  const dir = join(lakeDir, '_demo_input');
  for (const f of generateNdjsonFiles({ files, linesPerFile: 20, poisonRate: 0.02, seed: 8 })) {
    const path = join(dir, f.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.body);
  }
  return dir;
}

function render(s: LocalEtlSummary): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const reasons = (r: Record<string, number>) =>
    Object.entries(r)
      .sort()
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ') || 'none';
  return [
    `files              ${n(s.files)} (registered ${n(s.registered)}, already tracked ${n(s.duplicates)}, not input keys: ${reasons(s.skipped)})`,
    `manifests          ${n(s.manifests.started)} started, ${n(s.manifests.succeeded)} succeeded, ${n(s.manifests.failed)} failed (compensated)`,
    `lines              ${n(s.lines)} (blank ${n(s.blankLines)})`,
    `rows written       ${n(s.rowsWritten)} (silver/ndjson/, ${n(s.outputs.length)} Parquet files; ${n(s.filesReadDirectly)} input files read as they are)`,
    `quarantined lines  ${reasons(s.quarantined)} (quarantine/ndjson/)`,
    `DynamoDB calls     ${n(s.dynamoCalls)} (${s.dynamoCallsPerFile} per file, of which writes ${s.dynamoWritesPerFile})`,
    `DLQ                ${n(s.dlqMessages)} messages`,
  ].join('\n');
}

/**
 * Ingest every file under `inputDir` into the lake at `lakeDir` on the local real path; the run's summary. With
 * `handlers` (what `lake etl` passes) every step is the deployed function's handler; without, the converter runs
 * in-process and the other steps through the package's own step functions (tests).
 */
export async function ingestDirectory(
  inputDir: string,
  lakeDir: string,
  options: Pick<LocalEtlRun, 'deliveries' | 'limits' | 'handlers'> = {},
): Promise<LocalEtlSummary> {
  // The lake's own tracking tables, kept between runs: a second run on the same files converts nothing.
  const dynamo = await startLocalDynamo({ path: join(lakeDir, '.ndjson-dynamodb') });
  const env = { MEDALLION_LAKE_URI: lakeDir, NDJSON_INPUT_URI: inputDir, LOG_LEVEL: 'ERROR' };
  const convert: LocalHandler = async (event) => {
    const deps = convertDepsFromEnv(env);
    return convertManifest(deps, await resolveConvertInput(deps.lake, (event as { manifest: { manifest_id: string; bytes: number } }).manifest));
  };
  try {
    return await runLocalIngest({
      ...options,
      inputDir,
      definition: readDefinition(REPO_ROOT),
      dynamo,
      env,
      convert,
      lake: convertDepsFromEnv(env).lake,
      // The Fargate path's entry (runConvertTask) as a child process, with the functions' environment.
      convertTask: { command: process.execPath, args: ['--import', 'tsx', '--import', './scripts/polyfills.mjs', CONVERT_MAIN], cwd: REPO_ROOT, env },
    });
  } finally {
    await dynamo.stop();
  }
}

/** The deployed handler of every step, from functions/ndjson-* (through `lake`'s loader). */
async function loadDeployedHandlers(context: CommandContext): Promise<DeployedHandlers> {
  const out: Partial<DeployedHandlers> = {};
  for (const [step, pkg] of Object.entries(NDJSON_FUNCTION_PACKAGES) as [keyof DeployedHandlers, string][]) {
    const handler = await context.loadHandler(pkg);
    if (typeof handler !== 'function') throw new Error(`${pkg} exports no handler`);
    out[step] = handler as LocalHandler;
  }
  return out as DeployedHandlers;
}

/** `lake etl ingest|demo`: with `lake`'s context the steps are the deployed functions' handlers. */
export async function runLocalEtl(request: EtlRequest, context?: CommandContext): Promise<number> {
  const lakeDir = resolve(request.lakeDir);
  if (request.kind === 'ingest' && !statSync(resolve(request.inputDir), { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`${request.inputDir} is not a directory`);
  }
  mkdirSync(lakeDir, { recursive: true });
  const inputDir = request.kind === 'demo' ? generateDemoInput(lakeDir, request.files) : resolve(request.inputDir);
  const handlers = context ? await loadDeployedHandlers(context) : undefined;
  const summary = await ingestDirectory(inputDir, lakeDir, { handlers });
  console.log(request.json ? JSON.stringify(summary, null, 2) : render(summary));
  return summary.manifests.failed > 0 || summary.dlqMessages > 0 ? 1 : 0;
}
