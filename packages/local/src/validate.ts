import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

/** asl-validator over a definition (placeholders are valid strings, as Terraform sees them before templating). */
export function validateStateMachine(definition: unknown): { isValid: boolean; errors: string[] } {
  const mod = require('asl-validator') as { default?: unknown } & ((d: unknown, o?: unknown) => { isValid: boolean; errorsText: (sep?: string) => string; errors: unknown[] });
  const validator = (typeof mod === 'function' ? mod : mod.default) as typeof mod;
  const res = validator(definition, { checkPaths: true, checkArn: false });
  return { isValid: res.isValid, errors: res.isValid ? [] : res.errorsText('\n').split('\n') };
}
