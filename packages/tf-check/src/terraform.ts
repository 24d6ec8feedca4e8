/**
 * Terraform itself, where it is installed: `terraform fmt -check`, then, per root (infra/envs,
 * infra/bootstrap), `init -backend=false` (against the committed .terraform.lock.hcl) and
 * `validate`; per environment (infra/envs/<env>.tfvars) a `terraform test -var-file=<env>.tfvars`
 * plan against a mocked AWS provider (no credentials, no network beyond the provider download);
 * and every committed tests/*.tftest.hcl of a root or module.
 *
 * Everything runs in a staged copy of what the Terraform reads (infra/, state_machines/,
 * functions/<folder>/package.json, packages/tables/src/tables.json) with stub zips at
 * dist/functions/<folder>.zip, so the checkout gets no .terraform/, no lock file and no fake
 * build output. Providers come from TF_PLUGIN_DIR (a filesystem mirror) when set, else from the
 * registry; when neither can supply them, the provider-dependent steps are reported as
 * "unavailable", not as failures of the configuration.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { functionFolders, repoLayout, stateMachineFiles } from './deployment';

export type StepStatus = 'pass' | 'fail' | 'unavailable';

export interface TerraformStep {
  /** e.g. "fmt", "validate infra/envs", "test infra/envs (dev.tfvars)", "test infra/modules/dashboards". */
  name: string;
  status: StepStatus;
  /** Terraform's output, trimmed of colour codes and CLI-configuration warnings. */
  output: string;
}

export interface TerraformCheckOptions {
  repoRoot: string;
  /** Default <repoRoot>/infra. */
  infraDir?: string;
  /** A provider filesystem mirror (HOSTNAME/NAMESPACE/TYPE/VERSION/OS_ARCH), for offline machines. */
  pluginDir?: string;
  /** The terraform binary (default "terraform" on PATH). */
  terraform?: string;
  /** Keep the staged copy (for debugging). */
  keep?: boolean;
  log?: (line: string) => void;
}

export interface TerraformCheckResult {
  /** null when terraform is not installed: nothing ran. */
  version: string | null;
  steps: TerraformStep[];
  staged?: string;
}

export function terraformVersion(binary = 'terraform'): string | null {
  const r = spawnSync(binary, ['version', '-json'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  try {
    return String((JSON.parse(r.stdout) as { terraform_version: string }).terraform_version);
  } catch {
    return /v(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1] ?? 'unknown';
  }
}

/** Terraform output without ANSI colours and the "Unable to open CLI configuration file" noise. */
export function cleanOutput(text: string): string {
  // eslint-disable-next-line no-control-regex
  return (
    text
      .replace(/\x1b\[[0-9;]*m/g, '')
      // A missing CLI configuration file (TF_CLI_CONFIG_FILE naming nothing) is reported on every command.
      .replace(/^There are some problems with the CLI configuration:\s*\n/gm, '')
      .replace(/^╷\n(?:│.*\n)*?│ *Warning: Unable to open CLI configuration file\n(?:│.*\n)*?╵\n?/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** Whether a failed init failed because providers could not be obtained (offline), not because of the configuration. */
export function providersUnavailable(output: string): boolean {
  return (
    /Failed to query available provider packages|could not connect to registry|Failed to install provider|no such host|dial tcp|i\/o timeout|network is unreachable/i.test(
      output,
    ) && !/Unsupported argument|Invalid|Reference to undeclared|Missing required argument/.test(output)
  );
}

/**
 * Copy what the Terraform under infra/ reads into a fresh directory, with a stub zip per function
 * folder where `make build` would put the real one. Returns the copy's root.
 */
export function stageRepo(repoRoot: string, infraDir = join(repoRoot, 'infra'), dest = mkdtempSync(join(tmpdir(), 'tf-check-terraform-'))): string {
  const layout = repoLayout(repoRoot);
  const skip = (src: string) => {
    const rel = relative(infraDir, src);
    const parts = rel.split(sep);
    return (
      parts.includes('.terraform') ||
      parts.includes('node_modules') ||
      rel === 'test' ||
      rel.startsWith(`test${sep}`) ||
      /\.tfstate(\.backup)?$|(^|\/)tfplan$|\.tfplan$/.test(src) ||
      /(^|\/)\.terraform-[^/]*$/.test(src)
    );
  };
  cpSync(infraDir, join(dest, relative(repoRoot, infraDir)), { recursive: true, filter: (src) => !skip(src) });
  if (existsSync(layout.stateMachinesDir)) {
    mkdirSync(join(dest, 'state_machines'), { recursive: true });
    for (const f of stateMachineFiles(layout)) cpSync(join(layout.stateMachinesDir, f), join(dest, 'state_machines', f));
  }
  const tables = join(repoRoot, 'packages', 'tables', 'src', 'tables.json');
  if (existsSync(tables)) {
    mkdirSync(join(dest, 'packages', 'tables', 'src'), { recursive: true });
    cpSync(tables, join(dest, 'packages', 'tables', 'src', 'tables.json'));
  }
  mkdirSync(join(dest, 'dist', 'functions'), { recursive: true });
  for (const fn of functionFolders(layout)) {
    mkdirSync(join(dest, 'functions', fn), { recursive: true });
    cpSync(join(layout.functionsDir, fn, 'package.json'), join(dest, 'functions', fn, 'package.json'));
    // Only hashed by filebase64sha256 at plan time; never uploaded.
    writeFileSync(join(dest, 'dist', 'functions', `${fn}.zip`), `stub for ${fn}: tf-check plans only\n`);
  }
  return dest;
}

const hclString = (s: string) => JSON.stringify(s);
const hclSet = (xs: string[]) => `toset([${xs.map(hclString).join(', ')}])`;

/** Mocked AWS data sources: enough for every module to plan without credentials. */
export const MOCK_PROVIDER = `mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:user/tf-check"
      user_id    = "AIDATFCHECK"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name = "us-east-1"
      id   = "us-east-1"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}"
    }
  }
}
`;

/**
 * The plan test of an environment root: it plans (preconditions, validations, templatefile,
 * for_each) and deploys exactly the repository's functions and state machines.
 */
export function environmentPlanTest(functions: string[], pipelines: string[]): string {
  return `# Generated by tf-check (packages/tf-check/src/terraform.ts): plan against a mocked AWS provider.
${MOCK_PROVIDER}
run "plan" {
  command = plan

  assert {
    condition     = toset(keys(output.function_names)) == ${hclSet(functions)}
    error_message = "The environment must deploy exactly the function folders under functions/."
  }

  assert {
    condition     = toset(keys(output.state_machine_arns)) == ${hclSet(pipelines)}
    error_message = "The environment must deploy exactly the state machines under state_machines/."
  }

  assert {
    condition     = toset(keys(output.dashboard_urls)) == ${hclSet(pipelines)}
    error_message = "Every pipeline needs its dashboard."
  }

  assert {
    condition     = toset(keys(output.log_group_names)) == ${hclSet([...functions, ...pipelines])}
    error_message = "Every function and state machine needs its log group (make logs)."
  }
}
`;
}

interface Run {
  status: number | null;
  output: string;
  notFound: boolean;
}

function run(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', (err: NodeJS.ErrnoException) => resolvePromise({ status: null, output: err.message, notFound: err.code === 'ENOENT' }));
    child.on('close', (status) => resolvePromise({ status, output: cleanOutput(out), notFound: false }));
  });
}

/**
 * Directories the checks run in: roots (directories directly under infra/ with .tf files, other
 * than modules/), each with its environments (<env>.tfvars), and modules with committed tests.
 */
export function terraformTargets(infraCopy: string): { roots: { dir: string; varFiles: string[] }[]; testedModules: string[] } {
  const list = (d: string) =>
    existsSync(d)
      ? readdirSync(d)
          .map((n) => join(d, n))
          .filter((p) => statSync(p).isDirectory())
          .sort()
      : [];
  const hasTf = (d: string) => readdirSync(d).some((n) => n.endsWith('.tf'));
  const hasTests = (d: string) => existsSync(join(d, 'tests')) && readdirSync(join(d, 'tests')).some((n) => n.endsWith('.tftest.hcl'));
  const roots = list(infraCopy)
    .filter((d) => basename(d) !== 'modules' && hasTf(d))
    // Environments are the <env>.tfvars of infra/envs; other roots (bootstrap) only validate and run their own tests.
    .map((dir) => ({
      dir,
      varFiles:
        basename(dir) === 'envs'
          ? readdirSync(dir)
              .filter((n) => n.endsWith('.tfvars') && n !== 'terraform.tfvars')
              .sort()
          : [],
    }));
  const testedModules = list(join(infraCopy, 'modules')).filter((d) => hasTf(d) && hasTests(d));
  return { roots, testedModules };
}

export async function runTerraformChecks(options: TerraformCheckOptions): Promise<TerraformCheckResult> {
  const repoRoot = resolve(options.repoRoot);
  const infraDir = resolve(options.infraDir ?? join(repoRoot, 'infra'));
  const binary = options.terraform ?? 'terraform';
  const log = options.log ?? (() => undefined);
  const version = terraformVersion(binary);
  if (!version) return { version: null, steps: [] };

  const steps: TerraformStep[] = [];
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };

  log(`terraform ${version}: fmt -check -recursive ${relative(repoRoot, infraDir) || '.'}`);
  const fmt = await run(binary, ['fmt', '-check', '-recursive', '-diff', '-no-color', infraDir], baseEnv);
  steps.push({ name: 'fmt', status: fmt.status === 0 ? 'pass' : 'fail', output: fmt.output });

  const staged = stageRepo(repoRoot, infraDir);
  const layout = repoLayout(repoRoot);
  const functions = functionFolders(layout);
  const pipelines = stateMachineFiles(layout).map((f) => basename(f, '.json'));
  const infraCopy = join(staged, relative(repoRoot, infraDir));
  const { roots, testedModules } = terraformTargets(infraCopy);
  for (const root of roots.filter((r) => r.varFiles.length > 0)) {
    mkdirSync(join(root.dir, 'tests'), { recursive: true });
    writeFileSync(join(root.dir, 'tests', 'tf_check_plan.tftest.hcl'), environmentPlanTest(functions, pipelines));
  }

  const pluginArgs = options.pluginDir ? [`-plugin-dir=${resolve(options.pluginDir)}`] : [];
  const check = async (dir: string, varFiles: string[] | null) => {
    const name = relative(staged, dir);
    const env = { ...baseEnv, TF_DATA_DIR: join(staged, '.tfdata', name.replace(/[\\/]/g, '_')) };
    const chdir = `-chdir=${dir}`;
    const out: TerraformStep[] = [];
    log(`${name}: init -backend=false${pluginArgs.length ? ' (providers from the plugin dir)' : ''}`);
    const init = await run(binary, [chdir, 'init', '-backend=false', '-input=false', '-no-color', ...pluginArgs], env);
    if (init.status !== 0) {
      const unavailable = providersUnavailable(init.output);
      out.push({ name: `init ${name}`, status: unavailable ? 'unavailable' : 'fail', output: init.output });
      return out;
    }
    if (varFiles) {
      log(`${name}: validate`);
      const validate = await run(binary, [chdir, 'validate', '-no-color'], env);
      out.push({ name: `validate ${name}`, status: validate.status === 0 ? 'pass' : 'fail', output: validate.output });
    }
    // One plan per environment (its .tfvars); a root without environments or a module runs its own tests.
    const runs = varFiles?.length ? varFiles.map((f) => ({ label: `${name} (${f})`, args: [`-var-file=${f}`] })) : [{ label: name, args: [] as string[] }];
    for (const r of runs) {
      if (varFiles && varFiles.length === 0 && !existsSync(join(dir, 'tests'))) break;
      log(`${r.label}: test (mocked AWS provider)`);
      const test = await run(binary, [chdir, 'test', '-no-color', ...r.args], env);
      out.push({ name: `test ${r.label}`, status: test.status === 0 ? 'pass' : 'fail', output: test.output });
    }
    return out;
  };
  const results = await Promise.all([...roots.map((r) => check(r.dir, r.varFiles)), ...testedModules.map((m) => check(m, null))]);
  steps.push(...results.flat());

  if (!options.keep) rmSync(staged, { recursive: true, force: true });
  return { version, steps, staged: options.keep ? staged : undefined };
}
