import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

/** asl-validator over a definition (placeholders are valid strings, as Terraform sees them before templating). */
export function validateStateMachine(definition: unknown): { isValid: boolean; errors: string[] } {
  type Validator = (d: unknown, o?: unknown) => { isValid: boolean; errorsText: (sep?: string) => string; errors: unknown[] };
  const mod = require('asl-validator') as Validator | { default: Validator };
  const validator: Validator = typeof mod === 'function' ? mod : mod.default;
  const res = validator(definition, { checkPaths: true, checkArn: false });
  return { isValid: res.isValid, errors: res.isValid ? [] : res.errorsText('\n').split('\n') };
}
