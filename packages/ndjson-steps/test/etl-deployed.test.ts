/**
 * `lake etl ingest` on the deployed path: every step is the handler of its function package (functions/ndjson-*,
 * middy + zod, configured by environment only), loaded through the command context as `lake` loads it — the
 * builder from the SQS emulator, convert / update-status / compensate from the ASL, the flush by the hourly
 * recover-orphans handler. A second run converts nothing. The 60-file manifest travels as a lake key.
 */
import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateNdjsonFiles } from '@medallion/ndjson';
import type { CommandContext } from '@medallion/pipeline';
import { NDJSON_FUNCTION_PACKAGES } from '../src/local-functions';
import { runLocalEtl } from '../src/local-etl';
import type { LocalEtlSummary } from '../src/local-run';

/** The function packages by name, as the CLI's loader resolves them (here: their sources). */
const SOURCES: Record<string, () => Promise<{ handler: unknown }>> = {
  '@medallion/fn-ndjson-manifest-builder': () => import('../../../functions/ndjson-manifest-builder/src/index'),
  '@medallion/fn-ndjson-recover-orphans': () => import('../../../functions/ndjson-recover-orphans/src/index'),
  '@medallion/fn-ndjson-convert': () => import('../../../functions/ndjson-convert/src/index'),
  '@medallion/fn-ndjson-update-status': () => import('../../../functions/ndjson-update-status/src/index'),
  '@medallion/fn-ndjson-compensate': () => import('../../../functions/ndjson-compensate/src/index'),
};

function countingContext() {
  const invoked = new Map<string, number>();
  const context: CommandContext = {
    async loadHandler(name) {
      const { handler } = await SOURCES[name]();
      return async (event: unknown, ctx: unknown) => {
        invoked.set(name, (invoked.get(name) ?? 0) + 1);
        return (handler as (e: unknown, c: unknown) => Promise<unknown>)(event, ctx);
      };
    },
  };
  return { context, invoked };
}

/** Runs `lake etl ingest <dir> --lake <lake> --json` and returns its summary (the handlers' EMF lines are skipped). */
async function ingest(input: string, lake: string, context: CommandContext): Promise<{ code: number; summary: LocalEtlSummary }> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const code = await runLocalEtl({ kind: 'ingest', inputDir: input, lakeDir: lake, json: true }, context);
    const printed = log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('{\n'));
    return { code, summary: JSON.parse(printed.at(-1)!) as LocalEtlSummary };
  } finally {
    log.mockRestore();
  }
}

it('runs every step as the deployed handler, and a second run converts nothing', async () => {
  const input = mkdtempSync(join(tmpdir(), 'ndjson-deployed-in-'));
  const lake = mkdtempSync(join(tmpdir(), 'ndjson-deployed-lake-'));
  let rows = 0;
  for (const f of generateNdjsonFiles({ files: 60, linesPerFile: 10, poisonRate: 0.05, seed: 11 })) {
    mkdirSync(dirname(join(input, f.key)), { recursive: true });
    writeFileSync(join(input, f.key), f.body);
    rows += f.expected.rows;
  }
  const { context, invoked } = countingContext();
  const first = await ingest(input, lake, context);
  expect(first.code).toBe(0);
  expect(first.summary).toMatchObject({ files: 60, registered: 60, rowsWritten: rows, manifests: { failed: 0 }, dlqMessages: 0 });
  expect(first.summary.manifests.succeeded).toBe(first.summary.manifests.started);
  for (const pkg of ['builder', 'recoverOrphans', 'convert', 'updateStatus'] as const) expect(invoked.get(NDJSON_FUNCTION_PACKAGES[pkg])).toBeGreaterThan(0);
  // 60 files are over the inline limit: the execution carried the manifest's lake key.
  expect(readdirSync(join(lake, '_manifests/ndjson')).length).toBeGreaterThan(0);

  const second = await ingest(input, lake, context);
  expect(second.code).toBe(0);
  expect(second.summary).toMatchObject({
    files: 60,
    registered: 0,
    duplicates: 60,
    lines: 0,
    rowsWritten: 0,
    manifests: { started: 0, succeeded: 0, failed: 0 },
  });
}, 180_000);
