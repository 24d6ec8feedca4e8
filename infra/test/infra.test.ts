/**
 * The repository's own Terraform, checked without terraform or AWS: no tf-check finding, every
 * function folder and state machine deployed by every environment, environments that differ
 * only in values, modules with the documented shape.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkInfra, formatFinding, type CheckResult } from '../../packages/tf-check/src/index';
import { runTerraformChecks } from '../../packages/tf-check/src/terraform';
import { REPO } from './repo-copy';

const INFRA = join(REPO, 'infra');
const MODULES = join(INFRA, 'modules');
const ENVS = ['dev', 'staging', 'prod'];
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

/** Read at test time: what the repository holds now, not a list kept in the test. */
const functionFolders = () => readdirSync(join(REPO, 'functions')).filter((n) => existsSync(join(REPO, 'functions', n, 'package.json'))).sort();
const stateMachineFiles = () => (existsSync(join(REPO, 'state_machines')) ? readdirSync(join(REPO, 'state_machines')).filter((n) => n.endsWith('.json')).sort() : []);

let result: CheckResult;
beforeAll(async () => {
  result = await checkInfra(INFRA, { repoRoot: REPO });
});

describe('infra/ passes tf-check', () => {
  it('has no finding (the same check as make validate)', () => {
    expect(result.findings.map(formatFinding)).toEqual([]);
  });

  it('planned every environment root', () => {
    expect(result.roots.sort()).toEqual(ENVS.map((e) => `infra/envs/${e}`).sort());
  });
});

describe('every function and state machine in the repository is deployed', () => {
  it.each(ENVS)('functions/* are the Lambdas of infra/envs/%s, built from dist/functions/<folder>.zip', (env) => {
    const folders = functionFolders();
    expect(folders.length).toBeGreaterThan(0);
    expect([...result.deployed[`infra/envs/${env}`].functions.keys()].sort()).toEqual(folders);
  });

  it.each(ENVS)('state_machines/*.json are rendered by infra/envs/%s', (env) => {
    const deployed = result.deployed[`infra/envs/${env}`].stateMachines;
    for (const file of stateMachineFiles()) expect(`${file}: ${deployed.has(file) ? 'deployed' : 'missing'}`).toBe(`${file}: deployed`);
  });
});

describe('state machines and Lambdas agree', () => {
  // A Task that gives up before its Lambda does starts a retry while the first call still runs.
  it.each(ENVS)('every lambda:invoke Task waits at least as long as its function may run in infra/envs/%s', (env) => {
    const { timeouts } = result.deployed[`infra/envs/${env}`];
    const tooShort: string[] = [];
    for (const file of stateMachineFiles()) {
      const all: Record<string, { Resource?: string; TimeoutSeconds?: number; Parameters?: { FunctionName?: string } }> = {};
      const walk = (states: Record<string, Record<string, unknown>>) => {
        for (const [name, st] of Object.entries(states)) {
          all[name] = st;
          const inner = (st.ItemProcessor ?? st.Iterator) as { States: Record<string, Record<string, unknown>> } | undefined;
          if (inner) walk(inner.States);
        }
      };
      walk(JSON.parse(read(REPO, 'state_machines', file)).States);
      for (const [name, st] of Object.entries(all)) {
        const folder = /^\$\{fn_([a-z0-9_]+)\}$/.exec(st.Parameters?.FunctionName ?? '')?.[1]?.replaceAll('_', '-');
        if (st.Resource !== 'arn:aws:states:::lambda:invoke' || !folder) continue;
        const lambda = timeouts.get(folder);
        expect(`${name}: ${lambda === undefined ? 'no timeout planned' : 'planned'}`).toBe(`${name}: planned`);
        if ((st.TimeoutSeconds ?? 60) < lambda!) tooShort.push(`${file} ${name}: TimeoutSeconds ${st.TimeoutSeconds} < Lambda timeout ${lambda}`);
      }
    }
    expect(tooShort).toEqual([]);
  });
});

describe('environments differ only in values', () => {
  it.each(['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'])('%s is identical in dev, staging and prod', (file) => {
    const [first, ...rest] = ENVS.map((e) => read(INFRA, 'envs', e, file));
    for (const other of rest) expect(other).toBe(first);
  });

  it.each(ENVS)('%s sets its own name, a state key of its own, and never logs DEBUG in prod', (env) => {
    const tfvars = read(INFRA, 'envs', env, 'terraform.tfvars');
    expect(tfvars).toMatch(new RegExp(`^environment\\s+= "${env}"$`, 'm'));
    expect(read(INFRA, 'envs', env, 'backend.hcl')).toContain(`key     = "medallion/${env}/terraform.tfstate"`);
    if (env === 'prod') expect(tfvars).not.toMatch(/^log_level\s+= "DEBUG"/m);
  });
});

describe('modules', () => {
  const modules = readdirSync(MODULES).filter((m) => statSync(join(MODULES, m)).isDirectory()).sort();

  it.each(modules)('%s has main.tf, variables.tf, outputs.tf, versions.tf and a README naming every input and output', (m) => {
    for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) expect(`${m}/${f} ${existsSync(join(MODULES, m, f))}`).toBe(`${m}/${f} true`);
    const readme = read(MODULES, m, 'README.md');
    const names = [...read(MODULES, m, 'variables.tf').matchAll(/^variable "([^"]+)"/gm), ...read(MODULES, m, 'outputs.tf').matchAll(/^output "([^"]+)"/gm)].map((x) => x[1]);
    for (const n of names) expect(`${m}: ${n} ${readme.includes(`\`${n}\``) ? 'documented' : 'missing from README'}`).toBe(`${m}: ${n} documented`);
  });

  it.each(modules.filter((m) => m !== 'medallion'))('%s names its primary resource "this"', (m) => {
    expect(read(MODULES, m, 'main.tf')).toMatch(/^resource "[a-z0-9_]+" "this" \{/m);
  });

  it.each(modules)('%s pins terraform >= 1.6 and hashicorp/aws 5.x', (m) => {
    const v = read(MODULES, m, 'versions.tf');
    expect(v).toContain('required_version = ">= 1.6"');
    expect(v).toMatch(/source\s+= "hashicorp\/aws"\n\s+version = "~> 5\.\d+"/);
  });

  it('hard-codes no account id and no region', () => {
    const files = [...modules.flatMap((m) => readdirSync(join(MODULES, m)).filter((f) => f.endsWith('.tf')).map((f) => join(MODULES, m, f))), ...ENVS.flatMap((e) => ['main.tf', 'terraform.tfvars'].map((f) => join(INFRA, 'envs', e, f)))];
    for (const f of files) {
      const text = read(f);
      expect(`${f}: ${text.match(/\b\d{12}\b/)?.[0] ?? 'no account id'}`).toBe(`${f}: no account id`);
      expect(`${f}: ${text.match(/\b(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast|northwest|southwest)-\d\b/)?.[0] ?? 'no region'}`).toBe(`${f}: no region`);
    }
  });
});

describe('terraform itself, when it is installed', () => {
  const terraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  (terraform ? it : it.skip)('terraform fmt -check, and per environment init/validate and a plan against a mocked AWS provider (make validate)', async () => {
    // Providers come from TF_PLUGIN_DIR (a filesystem mirror) or the registry; when neither can
    // supply them those steps are "unavailable" (an offline machine), never a pass in disguise.
    const result = await runTerraformChecks({ repoRoot: REPO, pluginDir: process.env.TF_PLUGIN_DIR || undefined });
    const failed = result.steps.filter((s) => s.status === 'fail').map((s) => `${s.name}\n${s.output}`);
    expect(failed).toEqual([]);
    expect(result.steps.find((s) => s.name === 'fmt')?.status).toBe('pass');
    if (process.env.TF_PLUGIN_DIR) expect(result.steps.filter((s) => s.status === 'unavailable').map((s) => s.name)).toEqual([]);
  }, 600_000);
});
