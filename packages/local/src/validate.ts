// A static import: the CLI's esbuild bundle carries it (a createRequire'd name is left to resolve from packages/cli/dist, where it is not).
import aslValidator from 'asl-validator';

type Validator = (d: unknown, o?: unknown) => { isValid: boolean; errorsText: (sep?: string) => string; errors: unknown[] };

/** asl-validator over a definition (placeholders are valid strings, as Terraform sees them before templating). */
export function validateStateMachine(definition: unknown): { isValid: boolean; errors: string[] } {
  const mod = aslValidator as unknown as Validator | { default: Validator };
  const validator: Validator = typeof mod === 'function' ? mod : mod.default;
  const res = validator(definition, { checkPaths: true, checkArn: false });
  return { isValid: res.isValid, errors: res.isValid ? [] : res.errorsText('\n').split('\n') };
}
