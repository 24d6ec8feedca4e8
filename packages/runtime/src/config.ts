import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse configuration from the environment with a zod schema; every bad variable is named. */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const res = schema.safeParse(env);
  if (!res.success) {
    const problems = res.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  return res.data;
}

/** Variables every Medallion function reads. */
export const baseConfigSchema = z.object({
  MEDALLION_LAKE_URI: z.string().min(1).default('.lake'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL', 'TRACE']).default('INFO'),
  /** Local emulation only: the dynalite endpoint. Unset in AWS. */
  DYNAMODB_ENDPOINT: z.string().url().optional(),
});
