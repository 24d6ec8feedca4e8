/**
 * Environments: one Terraform root (<infra>/envs) planned once per <env>.tfvars beside it, with
 * the state of each in <env>.backend.hcl. The backend must encrypt and lock the state.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadTfvars, type Body } from './config';
import type { Finding } from './findings';

export interface Environment {
  /** "dev", from dev.tfvars. */
  name: string;
  /** The root directory every environment plans (<infra>/envs). */
  root: string;
  tfvarsFile: string;
  backendFile: string;
}

/** The environments of <infraDir>/envs: one per <name>.tfvars, in name order. */
export function environments(infraDir: string): Environment[] {
  const root = resolve(infraDir, 'envs');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => /^[a-z][a-z0-9-]*\.tfvars$/.test(n))
    .sort()
    .map((n) => {
      const name = n.slice(0, -'.tfvars'.length);
      return { name, root, tfvarsFile: join(root, n), backendFile: join(root, `${name}.backend.hcl`) };
    });
}

/** An environment's values, with a finding when they do not parse or name another environment. */
export async function environmentValues(env: Environment, repoRoot: string): Promise<{ tfvars: Body | null; findings: Finding[] }> {
  const file = relative(repoRoot, env.tfvarsFile);
  const { body, problem } = await loadTfvars(env.tfvarsFile);
  if (problem) return { tfvars: null, findings: [{ rule: 'syntax', file, line: 1, message: problem }] };
  const named = body?.environment;
  const findings: Finding[] =
    named !== undefined && named !== env.name
      ? [{ rule: 'env-name', file, line: 1, message: `environment = ${JSON.stringify(named)} in ${env.name}.tfvars` }]
      : [];
  return { tfvars: body, findings };
}

/**
 * The backend of each environment: its own state key, encrypted, locked with the S3 lock file
 * (use_lockfile, Terraform >= 1.10). Without a lock two applies can interleave and corrupt state.
 */
export async function checkBackend(env: Environment, repoRoot: string): Promise<Finding[]> {
  const file = relative(repoRoot, env.backendFile);
  if (!existsSync(env.backendFile))
    return [
      {
        rule: 'state-backend',
        file: relative(repoRoot, env.tfvarsFile),
        line: 1,
        message: `${env.name} has no ${env.name}.backend.hcl (key, encrypt = true, use_lockfile = true)`,
      },
    ];
  const { body, problem } = await loadTfvars(env.backendFile);
  if (problem || !body) return [{ rule: 'syntax', file, line: 1, message: problem ?? 'empty' }];
  const out: Finding[] = [];
  const add = (message: string) => out.push({ rule: 'state-backend', file, line: 1, message });
  if (typeof body.key !== 'string' || !body.key.split('/').includes(env.name))
    add(`key ${JSON.stringify(body.key ?? null)} must name the environment (e.g. "medallion/${env.name}/terraform.tfstate") so environments never share state`);
  if (body.encrypt !== true) add('encrypt = true is missing: the state holds every resource attribute');
  if (body.use_lockfile !== true) add('use_lockfile = true is missing: state without a lock lets two applies overwrite each other (make deploy refuses it)');
  if ('dynamodb_table' in body) add('dynamodb_table is deprecated since Terraform 1.10: lock with use_lockfile = true');
  return out;
}
