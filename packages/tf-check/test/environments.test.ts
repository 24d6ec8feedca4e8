import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBackend, environments, environmentValues } from '../src/environments';
import { checkTaskTimeouts, lambdaTasks, repoLayout } from '../src/deployment';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tf-check-envs-'));
  dirs.push(root);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

describe('environments of the one root', () => {
  it('are the <env>.tfvars beside infra/envs/*.tf, each with its <env>.backend.hcl', async () => {
    const root = repo({
      'infra/envs/main.tf': '',
      'infra/envs/prod.tfvars': 'environment = "prod"\n',
      'infra/envs/dev.tfvars': 'environment = "staging"\n',
      'infra/envs/prod.backend.hcl': 'key          = "medallion/prod/terraform.tfstate"\nencrypt      = true\nuse_lockfile = true\n',
      'infra/envs/dev.backend.hcl': 'key     = "medallion/terraform.tfstate"\nencrypt = true\ndynamodb_table = "locks"\n',
    });
    const envs = environments(join(root, 'infra'));
    expect(envs.map((e) => e.name)).toEqual(['dev', 'prod']);
    expect(await checkBackend(envs[1], root)).toEqual([]);
    expect((await checkBackend(envs[0], root)).map((f) => f.message)).toEqual([
      'key "medallion/terraform.tfstate" must name the environment (e.g. "medallion/dev/terraform.tfstate") so environments never share state',
      'use_lockfile = true is missing: state without a lock lets two applies overwrite each other (make deploy refuses it)',
      'dynamodb_table is deprecated since Terraform 1.10: lock with use_lockfile = true',
    ]);
    expect((await environmentValues(envs[0], root)).findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['env-name infra/envs/dev.tfvars']);
  });
});

describe('Task timeouts', () => {
  it('finds lambda:invoke Tasks inside Map states and wants 30 s over the Lambda timeout', () => {
    const asl = {
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 330, Parameters: { FunctionName: '${fn_step_a}' } },
        M: {
          Type: 'Map',
          ItemProcessor: {
            States: { B: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 120, Parameters: { FunctionName: '${fn_step_b}' } } },
          },
        },
      },
    };
    expect(lambdaTasks(asl)).toEqual([
      { name: 'A', folder: 'step-a', timeoutSeconds: 330 },
      { name: 'B', folder: 'step-b', timeoutSeconds: 120 },
    ]);
    const root = repo({ 'state_machines/p.json': JSON.stringify(asl, null, 2) });
    const d = {
      functions: new Map(),
      stateMachines: new Set<string>(),
      timeouts: new Map([
        ['step-a', 300],
        ['step-b', 120],
      ]),
    };
    expect(checkTaskTimeouts(d, repoLayout(root), 'infra/envs/dev.tfvars').map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'asl-timeout state_machines/p.json:18 B: TimeoutSeconds 120 is less than 30 s over the 120 s timeout of functions/step-b (use at least 150) [in infra/envs/dev.tfvars]',
    ]);
  });
});
