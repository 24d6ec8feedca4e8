import { createHash } from 'node:crypto';

type Env = Record<string, string | undefined>;

/** Set by the Lambda runtime on every invocation: not configuration. */
const PER_INVOCATION = new Set(['_X_AMZN_TRACE_ID']);

/**
 * A cache key for "the configuration": every variable of `env`, plus the AWS_* variables of
 * process.env (SDK clients built without options read those: endpoint, region, credentials),
 * minus what Lambda changes per invocation. Hashed, so secrets are not kept as map keys.
 */
export function configurationKey(env: Env): string {
  const picked = new Map<string, string>();
  for (const [k, v] of Object.entries(process.env)) if (k.startsWith('AWS_') && v !== undefined) picked.set(k, v);
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !PER_INVOCATION.has(k)) picked.set(k, v);
  const sorted = [...picked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/**
 * Build something expensive (SDK clients, a lake) once per configuration: in Lambda that is once
 * per container, since the environment does not change there; a local process that drives
 * several lakes (tests, `lake run` after `lake run`) gets one set per environment. The `limit`
 * most recently used sets are kept.
 */
export function perConfiguration<T>(build: (env: Env) => T, limit = 8): (env?: Env) => T {
  const cache = new Map<string, T>();
  return (env = process.env) => {
    const key = configurationKey(env);
    let value = cache.get(key);
    if (value === undefined) {
      value = build(env);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
    } else {
      cache.delete(key); // re-inserted below as the most recently used
    }
    cache.set(key, value);
    return value;
  };
}
