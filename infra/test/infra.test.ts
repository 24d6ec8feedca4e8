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
import { houseFdConfigSchema } from '@medallion/house-fd-steps';
import { congressConfigSchema } from '@medallion/congress-steps';
import { lobbyingConfigSchema } from '@medallion/lobbying-steps';
import { correlationConfigSchema } from '@medallion/correlation-steps';
import { baseConfigSchema } from '../../packages/runtime/src/config';
import { REPO } from './repo-copy';

const INFRA = join(REPO, 'infra');
const MODULES = join(INFRA, 'modules');
const ENVS = ['dev', 'staging', 'prod'];
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');

/** Read at test time: what the repository holds now, not a list kept in the test. */
const functionFolders = () =>
  readdirSync(join(REPO, 'functions'))
    .filter((n) => existsSync(join(REPO, 'functions', n, 'package.json')))
    .sort();
const stateMachineFiles = () =>
  existsSync(join(REPO, 'state_machines'))
    ? readdirSync(join(REPO, 'state_machines'))
        .filter((n) => n.endsWith('.json'))
        .sort()
    : [];

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
        if ((st.TimeoutSeconds ?? 99999999) - lambda! < 30)
          tooShort.push(`${file} ${name}: TimeoutSeconds ${st.TimeoutSeconds} < Lambda timeout ${lambda} + 30`);
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
    expect(stopped.map((r) => r.instance.address)).toEqual(
      ['congress_pipeline', 'house_fd_pipeline', 'lobbying_pipeline'].map((sm) => expect.stringContaining(`module.state_machines["${sm}"]`)),
    );
    // Pipelines scheduled less often than every 3 hours alarm after two missed runs and an hour.
    for (const slow of stopped.filter((r) => !r.instance.address.includes('house_fd_pipeline'))) {
      expect(Number(slow.value.period) * Number(slow.value.evaluation_periods)).toBe(13 * 3600);
    }
    const v = stopped.find((r) => r.instance.address.includes('house_fd_pipeline'))!.value;
    expect({
      metric: v.metric_name,
      op: v.comparison_operator,
      threshold: v.threshold,
      missing: v.treat_missing_data,
      window: Number(v.period) * Number(v.evaluation_periods),
      points: v.datapoints_to_alarm,
    }).toEqual({ metric: 'ExecutionsSucceeded', op: 'LessThanThreshold', threshold: 1, missing: 'breaching', window: 3 * 3600, points: 3 });
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
  const statements = (env: string) => keyPolicy(env).value.statement as Record<string, unknown>[];

  it('no statement gives kms:* to anyone; administrators cannot use the key for data', () => {
    const all = statements('prod');
    expect(all.flatMap((s) => s.actions as string[]).filter((a) => a === 'kms:*' || a === '*')).toEqual([]);
    const admin = all.find((s) => s.sid === 'KeyAdministrators')!;
    expect((admin.actions as string[]).filter((a) => /Encrypt|Decrypt|GenerateDataKey/.test(a))).toEqual([]);
    expect((admin.principals as { identifiers: string[] }[])[0].identifiers).toEqual(
      expect.arrayContaining([expect.stringMatching(/^arn:aws:iam::\d{12}:role\//)]),
    );
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
  const lakeStatements = (env: string) =>
    plans[env].data
      .filter((d) => d.block.labels[0] === 'aws_iam_policy_document' && d.instance.active && d.instance.address.includes('module.functions['))
      .flatMap((d) => (d.value.statement as Record<string, unknown>[]).map((s): Record<string, unknown> => ({ fn: d.instance.address, ...s })));

  it('object grants name only the bucket that holds the prefix (no bronze-bucket copies of silver/gold/quarantine keys)', () => {
    const bronzeCopies = lakeStatements('dev')
      .filter((s) => typeof s.sid === 'string' && /^Lake(Silver|Gold|Quarantine)/.test(s.sid))
      .flatMap((s) => (s.resources as string[]).filter((r) => typeof r === 'string' && r.includes('-bronze/')));
    expect(bronzeCopies).toEqual([]);
  });

  it('s3:ListBucket only with an s3:prefix condition', () => {
    const lists = lakeStatements('dev').filter((s) => (s.actions as string[]).includes('s3:ListBucket'));
    expect(lists.length).toBeGreaterThan(5);
    for (const s of lists)
      expect(`${s.fn} ${String(s.sid)}: ${((s.condition as { variable: string }[]) ?? []).map((c) => c.variable).join(',') || 'no condition'}`).toMatch(
        /s3:prefix$/,
      );
  });

  it('state machines are encrypted with the environment key', () => {
    for (const sm of resourcesOf('prod', 'aws_sfn_state_machine')) {
      expect((sm.value.encryption_configuration as Record<string, unknown>[])[0]).toMatchObject({ type: 'CUSTOMER_MANAGED_KMS_KEY' });
    }
  });
});

describe('lake writes are multipart uploads (@aws-sdk/lib-storage)', () => {
  const fnStatements = (env: string) =>
    plans[env].data
      .filter(
        (d) =>
          d.block.labels[0] === 'aws_iam_policy_document' &&
          d.instance.active &&
          /module\.functions\[|module\.ndjson\.module\.task_role/.test(d.instance.address),
      )
      .flatMap((d) => (d.value.statement as Record<string, unknown>[]).map((s): Record<string, unknown> => ({ fn: d.instance.address, ...s })));

  // A failed multipart upload aborts its parts (leavePartsOnError: false); without the grant the
  // abort is denied and the parts stay billed until the bucket's lifecycle rule.
  it.each(ENVS)('every statement of %s granting s3:PutObject also grants s3:AbortMultipartUpload on the same prefixes', (env) => {
    const puts = fnStatements(env).filter((s) => (s.actions as string[]).includes('s3:PutObject'));
    expect(puts.length).toBeGreaterThan(5);
    for (const s of puts)
      expect(`${s.fn} ${String(s.sid)}: ${(s.actions as string[]).includes('s3:AbortMultipartUpload') ? 'abort granted' : 'no abort'}`).toBe(
        `${s.fn} ${String(s.sid)}: abort granted`,
      );
  });

  // Multipart with SSE-KMS: GenerateDataKey for each part, Decrypt to complete the upload.
  it('every function, and the Fargate converter task, may use the environment key for GenerateDataKey and Decrypt', () => {
    const key = fnStatements('prod').filter((s) => s.sid === 'UseEnvironmentKey');
    expect(key.length).toBe(resourcesOf('prod', 'aws_lambda_function').length + resourcesOf('prod', 'aws_ecs_task_definition').length);
    for (const s of key) expect(s.actions).toEqual(expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']));
  });
});

describe("function environment follows each handler's config schema", () => {
  // The schema each handler parses its environment with: the house_fd steps through their depsFromEnv.
  const schemaOf = (folder: string) => {
    const src = read(REPO, 'functions', folder, 'src', 'index.ts');
    if (!src.includes('depsFromEnv(')) return baseConfigSchema;
    if (src.includes('@medallion/house-fd-steps')) return houseFdConfigSchema;
    if (src.includes('@medallion/congress-steps')) return congressConfigSchema;
    if (src.includes('@medallion/lobbying-steps')) return lobbyingConfigSchema;
    if (src.includes('@medallion/correlation-steps')) return correlationConfigSchema;
    return baseConfigSchema;
  };
  // The member list is fetched by the steps that call ingestZip (packages/house-fd-steps/src/ingest-zip.ts).
  const fetchesMemberList = (folder: string) => /\bingestZip\(/.test(read(REPO, 'functions', folder, 'src', 'index.ts'));
  const MEMBER_LIST_KEYS = ['HOUSE_FD_MEMBER_SOURCE', 'HOUSE_FD_MEMBERS_URL', 'CONGRESS_GOV_API_KEY_PARAMETER'];

  const lambdas = (env: string) =>
    resourcesOf(env, 'aws_lambda_function').map((r) => {
      const folder = String(r.value.filename).replace(/^.*\/([^/]+)\.zip$/, '$1');
      const vars = (r.value.environment as { variables: Record<string, unknown> }[])[0].variables;
      // Values known only after apply (bucket and table names) stand in as placeholders.
      const known = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : 'known-after-apply']));
      return { folder, env: known, address: r.instance.address };
    });

  it('the member-list settings are part of the house_fd schema (so this check sees them)', () => {
    expect(Object.keys(houseFdConfigSchema.shape)).toEqual(expect.arrayContaining(MEMBER_LIST_KEYS));
  });

  it.each(ENVS)('every function of %s gets an environment its schema accepts', (env) => {
    for (const fn of lambdas(env)) {
      const parsed = schemaOf(fn.folder).safeParse(fn.env);
      expect(`${fn.folder}: ${parsed.success ? 'accepted' : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`).toBe(
        `${fn.folder}: accepted`,
      );
    }
  });

  it.each(ENVS)('in %s exactly the functions that fetch the member list get its settings, pointing at an https list', (env) => {
    // The api.congress.gov key alone is also given to the congress fetchers (congress.tf), tested below.
    const given = lambdas(env)
      .filter((fn) => MEMBER_LIST_KEYS.slice(0, 2).some((k) => k in fn.env))
      .map((fn) => fn.folder)
      .sort();
    expect(given).toEqual(functionFolders().filter(fetchesMemberList));
    expect(given.length).toBeGreaterThan(0);
    for (const fn of lambdas(env).filter((f) => given.includes(f.folder))) {
      // Unset, the URL defaults to the source's members/ file: the Clerk's site has none, so former members would go unmatched.
      const cfg = houseFdConfigSchema.parse(fn.env);
      expect(cfg.HOUSE_FD_MEMBERS_URL).toMatch(/^https:\/\//);
      if (cfg.HOUSE_FD_MEMBER_SOURCE === 'congress-gov' && cfg.HOUSE_FD_MEMBERS_URL!.startsWith('https://api.congress.gov/'))
        expect(cfg.CONGRESS_GOV_API_KEY_PARAMETER).toMatch(/^\//);
    }
  });

  it.each(ENVS)('in %s only the function reading the api.congress.gov key may read it: GetParameter on that parameter, Decrypt only via SSM for it', (env) => {
    const withKey = lambdas(env).filter((fn) => fn.env.CONGRESS_GOV_API_KEY_PARAMETER);
    const ssm = plans[env].data
      .filter((d) => d.block.labels[0] === 'aws_iam_policy_document' && d.instance.active)
      .flatMap((d) =>
        (d.value.statement as Record<string, unknown>[])
          .filter((s) => ((s.actions as string[]) ?? []).some((a) => a.startsWith('ssm:')) && s.sid !== 'ReadPolygonApiKeyParameter')
          .map((s): Record<string, unknown> => ({ doc: d.instance.address, ...s })),
      );
    expect(ssm.map((s) => s.doc)).toEqual(withKey.map((fn) => expect.stringContaining(`module.functions["${fn.folder}"]`)));
    for (const s of ssm) {
      expect(s.actions).toEqual(['ssm:GetParameter']);
      // One resource, never "*": the ARN (account and region known after apply) of the tfvars' parameter name.
      expect((s.resources as unknown[]).length).toBe(1);
      expect(s.resources).not.toContain('*');
    }
    expect(read(MODULES, 'medallion', 'main.tf')).toContain(
      ':ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.congress_gov_api_key_parameter, "/")}',
    );
    const decrypt = plans[env].data
      .filter((d) => d.block.labels[0] === 'aws_iam_policy_document' && d.instance.active)
      .flatMap((d) => (d.value.statement as Record<string, unknown>[]).filter((s) => s.sid === 'DecryptCongressGovApiKeyViaSsm'));
    expect(decrypt.length).toBe(withKey.length);
    for (const s of decrypt) {
      expect(s.actions).toEqual(['kms:Decrypt']);
      expect((s.condition as { variable: string }[]).map((c) => c.variable).sort()).toEqual(['kms:EncryptionContext:PARAMETER_ARN', 'kms:ViaService']);
    }
  });

  it.each(ENVS)('in %s the congress fetchers (and only they, besides the member list) get the api.congress.gov key when the environment has one', (env) => {
    const withKey = lambdas(env)
      .filter((fn) => fn.env.CONGRESS_GOV_API_KEY_PARAMETER && !fn.env.HOUSE_FD_MEMBER_SOURCE)
      .map((fn) => fn.folder)
      .sort();
    const hasKey = lambdas(env).some((fn) => fn.env.CONGRESS_GOV_API_KEY_PARAMETER);
    expect(withKey).toEqual(hasKey ? ['congress-fetch-bills', 'congress-fetch-details'] : []);
  });

  it('the key policy lets the account use the key through SSM (the SecureString), still only via services', () => {
    const policy = plans.prod.data.find((d) => d.block.labels.join('.') === 'aws_iam_policy_document.key_policy' && d.instance.active)!;
    const use = (policy.value.statement as Record<string, unknown>[]).find((s) => s.sid === 'UseThroughMedallionServices')!;
    const via = (use.condition as { variable: string; values: unknown }[]).find((c) => c.variable === 'kms:ViaService')!;
    // The region and DNS suffix are known only after apply: the template's text names the service.
    expect(read(MODULES, 'kms', 'variables.tf')).toMatch(/default {5}= \[[^\]]*"ssm"[^\]]*\]/);
    expect(via).toBeDefined();
  });
});

describe('dashboard (review 3.8)', () => {
  it('silver rows are counted once: compact-silver rewrites rows other steps counted, so it is not a silver writer', () => {
    // The house_fd pipeline's dashboard (module dashboards); the API's own dashboard (api.tf) has no steps.
    const dashboard = resourcesOf('dev', 'aws_cloudwatch_dashboard').find((d) => d.instance.address.includes('"house_fd_pipeline"'))!;
    const layers = dashboard.instance.variable('step_layers') as Record<string, string>;
    expect(
      Object.keys(layers)
        .filter((s) => layers[s] === 'silver')
        .sort(),
    ).toEqual(['house-fd-extract-document', 'house-fd-index-to-silver']);
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
    const sse = (of('aws_s3_bucket_server_side_encryption_configuration')[0].value.rule as Record<string, Record<string, unknown>[]>[])[0]
      .apply_server_side_encryption_by_default[0];
    expect(sse.sse_algorithm).toBe('aws:kms');
    expect(of('aws_s3_bucket_public_access_block')[0].value).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = bootstrap.data.find((d) => d.block.labels.join('.') === 'aws_iam_policy_document.bucket')!;
    expect((policy.value.statement as Record<string, unknown>[]).map((s) => s.sid)).toEqual(
      expect.arrayContaining(['DenyInsecureTransport', 'DenyObjectsNotEncryptedWithSseKms']),
    );
    expect(of('aws_kms_key')[0].value.enable_key_rotation).toBe(true);
  });

  it('has no tf-check finding (planned with example values)', () => {
    expect(result.findings.filter((f) => f.file.startsWith('infra/bootstrap')).map(formatFinding)).toEqual([]);
  });
});

describe('modules', () => {
  const modules = readdirSync(MODULES)
    .filter((m) => statSync(join(MODULES, m)).isDirectory())
    .sort();

  it.each(modules)('%s has main.tf, variables.tf, outputs.tf, versions.tf and a README naming every input and output', (m) => {
    for (const f of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md'])
      expect(`${m}/${f} ${existsSync(join(MODULES, m, f))}`).toBe(`${m}/${f} true`);
    const readme = read(MODULES, m, 'README.md');
    const names = [
      ...read(MODULES, m, 'variables.tf').matchAll(/^variable "([^"]+)"/gm),
      ...read(MODULES, m, 'outputs.tf').matchAll(/^output "([^"]+)"/gm),
    ].map((x) => x[1]);
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
    const files = [
      ...modules.flatMap((m) =>
        readdirSync(join(MODULES, m))
          .filter((f) => f.endsWith('.tf'))
          .map((f) => join(MODULES, m, f)),
      ),
      join(INFRA, 'envs', 'main.tf'),
      ...ENVS.map((e) => join(INFRA, 'envs', `${e}.tfvars`)),
    ];
    for (const f of files) {
      const text = read(f).replaceAll('111122223333', 'EXAMPLE');
      expect(`${f}: ${text.match(/\b\d{12}\b/)?.[0] ?? 'no account id'}`).toBe(`${f}: no account id`);
      expect(
        `${f}: ${text.match(/\b(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast|northwest|southwest)-\d\b/)?.[0] ?? 'no region'}`,
      ).toBe(`${f}: no region`);
    }
  });
});

describe('terraform itself, when it is installed', () => {
  const terraform = spawnSync('terraform', ['version'], { stdio: 'ignore' }).status === 0;
  (terraform ? it : it.skip)(
    'terraform fmt -check, and per environment init/validate and a plan against a mocked AWS provider (make validate)',
    async () => {
      // Providers come from TF_PLUGIN_DIR (a filesystem mirror) or the registry; when neither can
      // supply them those steps are "unavailable" (an offline machine), never a pass in disguise.
      const result = await runTerraformChecks({ repoRoot: REPO, pluginDir: process.env.TF_PLUGIN_DIR || undefined });
      const failed = result.steps.filter((s) => s.status === 'fail').map((s) => `${s.name}\n${s.output}`);
      expect(failed).toEqual([]);
      expect(result.steps.find((s) => s.name === 'fmt')?.status).toBe('pass');
      if (process.env.TF_PLUGIN_DIR) expect(result.steps.filter((s) => s.status === 'unavailable').map((s) => s.name)).toEqual([]);
    },
    600_000,
  );
});
