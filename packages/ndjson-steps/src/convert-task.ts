import { parseArgs } from 'node:util';
import { z } from 'zod';
import { baseConfigSchema, loadConfig, perConfiguration } from '@medallion/runtime';
import { openLakeFromEnv, validateKey, type ObjectStore } from '@medallion/lake';
import { parseColumns } from '@medallion/ndjson';
import { convertManifest, MEMORY_LIMIT, type ConvertDeps, type Manifest } from './convert';

type Env = Record<string, string | undefined>;

export const convertConfigSchema = baseConfigSchema.extend({
  /** The input bucket (s3://bucket) or, locally, a directory: objects are read by file_key. */
  NDJSON_INPUT_URI: z.string().min(1),
  /** DuckDB memory_limit; above it DuckDB spills to NDJSON_WORK_DIR. Leave room for Node in the function's memory. */
  NDJSON_MEMORY_LIMIT: z.string().regex(MEMORY_LIMIT, 'a size such as 1GB or 512MiB').optional(),
  NDJSON_THREADS: z.coerce.number().int().positive().optional(),
  /** Local disk for clean NDJSON and spill (Lambda: /tmp, the default temp dir). */
  NDJSON_WORK_DIR: z.string().min(1).optional(),
  /** A declared schema, JSON `[{"name": …, "type": …}]`, used only while the lake holds none. */
  NDJSON_SCHEMA: z.string().min(2).optional(),
  /** 0: every file gets a clean copy, none is read by DuckDB as it is (an operator's switch; default on). */
  NDJSON_DIRECT_READ: z.enum(['0', '1']).default('1'),
});

const buildDeps = perConfiguration((env: Env): ConvertDeps => {
  const cfg = loadConfig(convertConfigSchema, env);
  return {
    lake: openLakeFromEnv({ ...env, MEDALLION_LAKE_URI: cfg.MEDALLION_LAKE_URI }),
    input: openLakeFromEnv({ MEDALLION_LAKE_URI: cfg.NDJSON_INPUT_URI }),
    declaredSchema: cfg.NDJSON_SCHEMA ? parseColumns(JSON.parse(cfg.NDJSON_SCHEMA)) : undefined,
    workDir: cfg.NDJSON_WORK_DIR,
    memoryLimit: cfg.NDJSON_MEMORY_LIMIT,
    threads: cfg.NDJSON_THREADS,
    directRead: cfg.NDJSON_DIRECT_READ === '1',
  };
});

/** Converter deps from the environment, built once per configuration (once per Lambda container). */
export const convertDepsFromEnv = (env: Env = process.env): ConvertDeps => buildDeps(env);

const fileSchema = z.object({
  date_prefix: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  file_key: z.string().min(1),
  size: z.number().nonnegative(),
  etag: z.string(),
});

/** A manifest as the state machine passes it: files inline, or (a large manifest) the lake key of a JSON holding them. */
export const manifestInputSchema = z.object({
  manifest_id: z.string().min(1),
  files: z.union([z.array(fileSchema), z.string().min(1)]),
  bytes: z.number().nonnegative(),
});

export async function resolveManifest(lake: ObjectStore, input: unknown): Promise<Manifest> {
  const m = manifestInputSchema.parse(input);
  if (Array.isArray(m.files)) return { ...m, files: m.files };
  const key = validateKey(m.files);
  const bytes = await lake.get(key);
  if (!bytes) throw new Error(`manifest ${m.manifest_id}: file list ${key} is not in the lake`);
  const doc = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  const files = z.array(fileSchema).parse(Array.isArray(doc) ? doc : (doc as { files?: unknown }).files);
  return { ...m, files };
}

const USAGE = 'usage: ndjson-convert (--manifest-json <json> | --manifest-key <lake key>)   (or env NDJSON_MANIFEST / NDJSON_MANIFEST_KEY)';

class UsageError extends Error {}

function manifestSource(argv: string[], env: Env): { json?: string; key?: string } {
  let values: { 'manifest-json'?: string; 'manifest-key'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'manifest-json': { type: 'string' }, 'manifest-key': { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const json = values['manifest-json'] ?? env.NDJSON_MANIFEST;
  const key = values['manifest-key'] ?? env.NDJSON_MANIFEST_KEY;
  if (!json === !key) throw new UsageError('give exactly one of --manifest-json or --manifest-key');
  return { json, key };
}

/**
 * The Fargate task's (and the local child process's) entry: the same convertManifest as the Lambda, the manifest
 * from arguments or the container's environment overrides. Prints the result as one JSON line; returns the exit
 * code (0 done, 1 failed, 2 usage) with a one-line error and no stack for expected errors.
 */
export async function runConvertTask(
  argv: string[],
  env: Env = process.env,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<number> {
  let source: { json?: string; key?: string };
  try {
    source = manifestSource(argv, env);
  } catch (err) {
    out(JSON.stringify({ error: (err as Error).message, usage: USAGE }));
    return 2;
  }
  try {
    const deps = convertDepsFromEnv(env);
    let raw: unknown;
    if (source.json) raw = JSON.parse(source.json);
    else {
      const bytes = await deps.lake.get(validateKey(source.key!));
      if (!bytes) throw new Error(`manifest ${source.key} is not in the lake`);
      raw = JSON.parse(new TextDecoder().decode(bytes));
    }
    const result = await convertManifest(deps, await resolveManifest(deps.lake, raw));
    out(JSON.stringify(result));
    return 0;
  } catch (err) {
    const e = err as Error;
    const message = e instanceof z.ZodError ? `invalid manifest: ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` : e.message;
    out(JSON.stringify({ error: `${e.name}: ${message}` }));
    return 1;
  }
}
