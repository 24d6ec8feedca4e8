/**
 * The repository's own Terraform, checked without terraform or AWS: no tf-check finding, every
 * function folder and state machine deployed by every environment, one root whose environments
 * differ only in values, modules with the documented shape, and the plan of each environment
 * (alarms, key policy, IAM, dashboard) as review asked for it.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadTfvars } from '../../packages/tf-check/src/config';
import { checkInfra, formatFinding, planRoot, TASK_TIMEOUT_MARGIN_S, type CheckResult, type Plan } from '../../packages/tf-check/src/index';
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
const plans: Record<string, Plan> = {};
beforeAll(async () => {
  result = await checkInfra(INFRA, { repoRoot: REPO });
  for (const env of ENVS) {
    const { body } = await loadTfvars(join(INFRA, 'envs', `${env}.tfvars`));
    plans[env] = (await planRoot(join(INFRA, 'envs'), REPO, undefined, { tfvars: body, address: `infra/envs/${env}.tfvars` })).plan;
  }
});

describe('infra/ passes tf-check', () => {
  it('has no finding (the same check as make validate)', () => {
    expect(result.findings.map(formatFinding)).toEqual([]);
  });

  it('planned every environment: one per infra/envs/<env>.tfvars', () => {
    expect(result.environments.sort()).toEqual([...ENVS].sort());
  });
});

describe('every function and state machine in the repository is deployed', () => {
  it.each(ENVS)('functions/* are the Lambdas of %s, built from dist/functions/<folder>.zip', (env) => {
    const folders = functionFolders();
    expect(folders.length).toBeGreaterThan(0);
    expect([...result.deployed[env].functions.keys()].sort()).toEqual(folders);
  });

  it.each(ENVS)('state_machines/*.json are rendered by %s', (env) => {
    const deployed = result.deployed[env].stateMachines;
    for (const file of stateMachineFiles()) expect(`${file}: ${deployed.has(file) ? 'deployed' : 'missing'}`).toBe(`${file}: deployed`);
  });
});

describe('state machines and Lambdas agree', () => {
  // A Task that gives up when its Lambda does (or before) starts a retry while the first call still runs.
  it.each(ENVS)(`every lambda:invoke Task waits at least ${TASK_TIMEOUT_MARGIN_S} s longer than its function may run in %s`, (env) => {
    const { timeouts } = result.deployed[env];
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
        if ((st.TimeoutSeconds ?? 99999999) - lambda! < 30) tooShort.push(`${file} ${name}: TimeoutSeconds ${st.TimeoutSeconds} < Lambda timeout ${lambda} + 30`);
      }
    }
    expect(tooShort).toEqual([]);
  });
});

describe('one root; environments differ only in values', () => {
  it('infra/envs is the only root of the environments: no per-environment copies of the .tf files', () => {
    const entries = readdirSync(join(INFRA, 'envs'));
    expect(entries.filter((e) => statSync(join(INFRA, 'envs', e)).isDirectory() && !e.startsWith('.'))).toEqual([]);
    for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', '.terraform.lock.hcl']) expect(`${f} ${entries.includes(f)}`).toBe(`${f} true`);
  });

  it.each(ENVS)('%s sets its own name, a locked and encrypted state key of its own, and never logs DEBUG in prod', (env) => {
    const tfvars = read(INFRA, 'envs', `${env}.tfvars`);
    expect(tfvars).toMatch(new RegExp(`^environment\\s+= "${env}"$`, 'm'));
    const backend = read(INFRA, 'envs', `${env}.backend.hcl`);
    expect(backend).toMatch(new RegExp(`^key\\s+= "medallion/${env}/terraform.tfstate"$`, 'm'));
    expect(backend).toMatch(/^use_lockfile\s+= true$/m);
    expect(backend).toMatch(/^encrypt\s+= true$/m);
    if (env === 'prod') expect(tfvars).not.toMatch(/^log_level\s+= "DEBUG"/m);
  });

  it('the committed lock file pins the hashicorp/aws the modules allow', () => {
    const lock = read(INFRA, 'envs', '.terraform.lock.hcl');
    expect(lock).toMatch(/provider "registry\.terraform\.io\/hashicorp\/aws" \{\n\s+version\s+= "5\.\d+\.\d+"/);
    expect(lock).toMatch(/h1:/);
    expect(read(INFRA, 'envs', 'versions.tf')).toContain('required_version = ">= 1.10, < 2.0"');
  });
});

const resourcesOf = (env: string, type: string) => plans[env].resources.filter((r) => r.block.labels[0] === type && r.instance.active);

describe('alarms (review 3.4)', () => {
  it.each(ENVS)('every scheduled state machine of %s alarms when no execution succeeded in 3 hours, missing data breaching', (env) => {
    const stopped = resourcesOf(env, 'aws_cloudwatch_metric_alarm').filter((r) => r.key === 'stopped-running');
    expect(stopped.map((r) => r.instance.address)).toEqual([expect.stringContaining('module.state_machines["house_fd_pipeline"]')]);
    const v = stopped[0].value;
    expect({ metric: v.metric_name, op: v.comparison_operator, threshold: v.threshold, missing: v.treat_missing_data, window: Number(v.period) * Number(v.evaluation_periods), points: v.datapoints_to_alarm })
      .toEqual({ metric: 'ExecutionsSucceeded', op: 'LessThanThreshold', threshold: 1, missing: 'breaching', window: 3 * 3600, points: 3 });
  });

  it('every alarm of the functions, state machines and schedules comes from the one alarms module', () => {
    const alarms = resourcesOf('prod', 'aws_cloudwatch_metric_alarm');
    const outside = alarms.filter((r) => !r.block.file.endsWith(join('modules', 'alarms', 'main.tf')) && !r.block.file.includes(join('modules', 'dynamodb')));
    expect(outside.map((r) => `${r.block.file}: ${r.block.labels.join('.')}`)).toEqual([]);
    expect(alarms.length).toBeGreaterThan(30);
  });
});

describe('the environment key (review 3.3)', () => {
  const keyPolicy = (env: string) => plans[env].data.find((d) => d.block.labels.join('.') === 'aws_iam_policy_document.key_policy' && d.instance.active)!;
  const statements = (env: string) => (keyPolicy(env).value.statement as Record<string, unknown>[]);

  it('no statement gives kms:* to anyone; administrators cannot use the key for data', () => {
    const all = statements('prod');
    expect(all.flatMap((s) => s.actions as string[]).filter((a) => a === 'kms:*' || a === '*')).toEqual([]);
    const admin = all.find((s) => s.sid === 'KeyAdministrators')!;
    expect((admin.actions as string[]).filter((a) => /Encrypt|Decrypt|GenerateDataKey/.test(a))).toEqual([]);
    expect((admin.principals as { identifiers: string[] }[])[0].identifiers).toEqual(expect.arrayContaining([expect.stringMatching(/^arn:aws:iam::\d{12}:role\//)]));
  });

  it('the account uses the key only through services, and grants only for AWS resources', () => {
    const all = statements('prod');
    // Every AWS-principal statement but the administrators' is the account's (its ARN is known only after apply).
    const root = all.filter((s) => s.sid !== 'KeyAdministrators' && (s.principals as { type: string }[]).some((p) => p.type === 'AWS'));
    expect(root.length).toBeGreaterThanOrEqual(2);
    for (const s of root) expect(`${String(s.sid)}: ${(s.condition as { variable: string }[]).map((c) => c.variable).join(',')}`).toMatch(/kms:ViaService/);
    const grants = root.filter((s) => (s.actions as string[]).includes('kms:CreateGrant'));
    expect(grants.map((s) => (s.condition as { variable: string }[]).map((c) => c.variable))).toEqual([expect.arrayContaining(['kms:GrantIsForAWSResource'])]);
  });
});

describe('least privilege (review 3.7)', () => {
  const lakeStatements = (env: string) => plans[env].data
    .filter((d) => d.block.labels[0] === 'aws_iam_policy_document' && d.instance.active && d.instance.address.includes('module.functions['))
    .flatMap((d) => (d.value.statement as Record<string, unknown>[]).map((s): Record<string, unknown> => ({ fn: d.instance.address, ...s })));

  it('object grants name only the bucket that holds the prefix (no bronze-bucket copies of silver/gold/quarantine keys)', () => {
    const bronzeCopies = lakeStatements('dev').filter((s) => typeof s.sid === 'string' && /^Lake(Silver|Gold|Quarantine)/.test(s.sid))
      .flatMap((s) => (s.resources as string[]).filter((r) => typeof r === 'string' && r.includes('-bronze/')));
    expect(bronzeCopies).toEqual([]);
  });

  it('s3:ListBucket only with an s3:prefix condition', () => {
    const lists = lakeStatements('dev').filter((s) => (s.actions as string[]).includes('s3:ListBucket'));
    expect(lists.length).toBeGreaterThan(5);
    for (const s of lists) expect(`${s.fn} ${String(s.sid)}: ${(s.condition as { variable: string }[] ?? []).map((c) => c.variable).join(',') || 'no condition'}`).toMatch(/s3:prefix$/);
  });

  it('state machines are encrypted with the environment key', () => {
    for (const sm of resourcesOf('prod', 'aws_sfn_state_machine')) {
      expect((sm.value.encryption_configuration as Record<string, unknown>[])[0]).toMatchObject({ type: 'CUSTOMER_MANAGED_KMS_KEY' });
    }
  });
});

describe('dashboard (review 3.8)', () => {
  it('silver rows are counted once: compact-silver rewrites rows other steps counted, so it is not a silver writer', () => {
    const dashboard = resourcesOf('dev', 'aws_cloudwatch_dashboard')[0];
    const layers = dashboard.instance.variable('step_layers') as Record<string, string>;
    expect(Object.keys(layers).filter((s) => layers[s] === 'silver').sort()).toEqual(['house-fd-extract-document', 'house-fd-index-to-silver']);
  });
});

describe('state bootstrap (review 3.5)', () => {
  let bootstrap: Plan;
  beforeAll(async () => {
    const { body } = await loadTfvars(join(INFRA, 'bootstrap', 'example.tfvars'));
    bootstrap = (await planRoot(join(INFRA, 'bootstrap'), REPO, undefined, { tfvars: body })).plan;
  });
  const of = (type: string) => bootstrap.resources.filter((r) => r.block.labels[0] === type);

  it('creates a versioned, KMS-encrypted, TLS-only state bucket with public access blocked', () => {
    expect(of('aws_s3_bucket').map((r) => r.value.bucket)).toEqual(['acme-medallion-tfstate']);
    expect((of('aws_s3_bucket_versioning')[0].value.versioning_configuration as Record<string, unknown>[])[0].status).toBe('Enabled');
    const sse = (of('aws_s3_bucket_server_side_encryption_configuration')[0].value.rule as Record<string, Record<string, unknown>[]>[])[0].apply_server_side_encryption_by_default[0];
    expect(sse.sse_algorithm).toBe('aws:kms');
    expect(of('aws_s3_bucket_public_access_block')[0].value).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const policy = bootstrap.data.find((d) => d.block.labels.join('.') === 'aws_iam_policy_document.bucket')!;
    expect((policy.value.statement as Record<string, unknown>[]).map((s) => s.sid)).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'DenyObjectsNotEncryptedWithSseKms']));
    expect(of('aws_kms_key')[0].value.enable_key_rotation).toBe(true);
  });

  it('has no tf-check finding (planned with example values)', () => {
    expect(result.findings.filter((f) => f.file.startsWith('infra/bootstrap')).map(formatFinding)).toEqual([]);
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

  // 1.7: mock providers in terraform test (tests/*.tftest.hcl and make validate's plans).
  it.each(modules)('%s pins terraform >= 1.7 and hashicorp/aws 5.x', (m) => {
    const v = read(MODULES, m, 'versions.tf');
    expect(v).toContain('required_version = ">= 1.7"');
    expect(v).toMatch(/source\s+= "hashicorp\/aws"\n\s+version = "~> 5\.\d+"/);
  });

  // 111122223333 is AWS's documentation account: the placeholder make deploy refuses in <env>.tfvars.
  it('hard-codes no account id and no region', () => {
    const files = [...modules.flatMap((m) => readdirSync(join(MODULES, m)).filter((f) => f.endsWith('.tf')).map((f) => join(MODULES, m, f))), join(INFRA, 'envs', 'main.tf'), ...ENVS.map((e) => join(INFRA, 'envs', `${e}.tfvars`))];
    for (const f of files) {
      const text = read(f).replaceAll('111122223333', 'EXAMPLE');
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
