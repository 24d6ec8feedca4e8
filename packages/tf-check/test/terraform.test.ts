import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanOutput, environmentPlanTest, providersUnavailable, stageRepo, terraformTargets } from '../src/terraform';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tf-check-test-'));
  dirs.push(d);
  return d;
};
const write = (root: string, path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};

const OFFLINE_INIT = `There are some problems with the CLI configuration:
╷
│ Warning: Unable to open CLI configuration file
│
│ The CLI configuration file at "/root/.terraformrc" does not exist.
╵

Initializing provider plugins...
- Finding latest version of hashicorp/aws...

Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider hashicorp/aws:
could not connect to registry.terraform.io: failed to request discovery
document: Get "https://registry.terraform.io/.well-known/terraform.json":
dial tcp: lookup registry.terraform.io: no such host
`;

describe('terraform output', () => {
  it('drops colours and the missing-CLI-configuration warning, keeps the error', () => {
    const out = cleanOutput(`\x1b[31m${OFFLINE_INIT}\x1b[0m`);
    expect(out).not.toMatch(/CLI configuration/);
    expect(out).toMatch(/^Initializing provider plugins/);
    expect(out).toContain('Error: Failed to query available provider packages');
  });

  it('tells an offline machine from a broken configuration', () => {
    expect(providersUnavailable(cleanOutput(OFFLINE_INIT))).toBe(true);
    expect(providersUnavailable('Error: Unsupported argument\n\n  on main.tf line 3, in module "x":')).toBe(false);
    expect(providersUnavailable('Error: Module not installed')).toBe(false);
  });
});

describe('staging a copy for terraform', () => {
  it('copies what the Terraform reads (with the committed lock file), stubs the zips, and leaves caches, state, plans and tests of infra/ behind', () => {
    const repo = temp();
    write(repo, 'infra/envs/main.tf', 'module "m" {\n  source = "../modules/m"\n}\n');
    write(repo, 'infra/envs/dev.tfvars', 'environment = "dev"\n');
    write(repo, 'infra/envs/prod.tfvars', 'environment = "prod"\n');
    write(repo, 'infra/envs/dev.backend.hcl', 'use_lockfile = true\n');
    write(repo, 'infra/envs/.terraform/modules/modules.json', '{}');
    write(repo, 'infra/envs/.terraform-dev/terraform.tfstate', '{}');
    write(repo, 'infra/envs/.terraform.lock.hcl', '# lock');
    write(repo, 'infra/envs/dev.tfplan', 'plan');
    write(repo, 'infra/envs/terraform.tfstate', '{}');
    write(repo, 'infra/bootstrap/main.tf', '');
    write(repo, 'infra/bootstrap/example.tfvars', 'bucket_name = "b"\n');
    write(repo, 'infra/modules/m/main.tf', '');
    write(repo, 'infra/modules/m/tests/m.tftest.hcl', 'run "x" {}\n');
    write(repo, 'infra/modules/untested/main.tf', '');
    write(repo, 'infra/test/infra.test.ts', '');
    write(repo, 'state_machines/house_fd_pipeline.json', '{}');
    write(repo, 'functions/house-fd-ingest-zip/package.json', '{"description":"x"}');
    write(repo, 'functions/house-fd-ingest-zip/src/index.ts', 'export {}');
    write(repo, 'packages/tables/src/tables.json', '{"tables":[]}');
    const staged = stageRepo(repo, join(repo, 'infra'), temp());
    const has = (p: string) => existsSync(join(staged, p));
    for (const p of [
      'infra/envs/main.tf',
      'infra/envs/dev.tfvars',
      'infra/envs/dev.backend.hcl',
      'infra/envs/.terraform.lock.hcl',
      'infra/modules/m/tests/m.tftest.hcl',
      'state_machines/house_fd_pipeline.json',
      'functions/house-fd-ingest-zip/package.json',
      'packages/tables/src/tables.json',
    ]) {
      expect(`${p} ${has(p)}`).toBe(`${p} true`);
    }
    expect(readFileSync(join(staged, 'dist/functions/house-fd-ingest-zip.zip'), 'utf8')).toMatch(/stub/);
    for (const p of [
      'infra/envs/.terraform',
      'infra/envs/.terraform-dev',
      'infra/envs/dev.tfplan',
      'infra/envs/terraform.tfstate',
      'infra/test',
      'functions/house-fd-ingest-zip/src',
    ])
      expect(`${p} ${has(p)}`).toBe(`${p} false`);
    // One root planned per environment (its .tfvars); bootstrap only validates; only modules with tests run them.
    expect(terraformTargets(join(staged, 'infra'))).toEqual({
      roots: [
        { dir: join(staged, 'infra/bootstrap'), varFiles: [] },
        { dir: join(staged, 'infra/envs'), varFiles: ['dev.tfvars', 'prod.tfvars'] },
      ],
      testedModules: [join(staged, 'infra/modules/m')],
    });
  });
});

describe('the generated environment plan test', () => {
  it('mocks every AWS data source the modules read and asserts the repository is deployed', () => {
    const hcl = environmentPlanTest(['house-fd-ingest-zip', 'run-quality-checks'], ['house_fd_pipeline']);
    for (const data of ['aws_caller_identity', 'aws_region', 'aws_partition', 'aws_iam_policy_document']) expect(hcl).toContain(`mock_data "${data}"`);
    expect(hcl).toContain('command = plan');
    expect(hcl).toContain('toset(keys(output.function_names)) == toset(["house-fd-ingest-zip", "run-quality-checks"])');
    expect(hcl).toContain('toset(keys(output.state_machine_arns)) == toset(["house_fd_pipeline"])');
    expect(hcl).toContain('toset(keys(output.log_group_names)) == toset(["house-fd-ingest-zip", "run-quality-checks", "house_fd_pipeline"])');
  });
});
