/**
 * npx tsx packages/tf-check/src/cli.ts [infra-dir] [--repo <root>] [--no-fmt] [--json] [--rules]
 * Prints every finding as file:line: [rule] message and exits 1 when there is any.
 *
 * npx tsx packages/tf-check/src/cli.ts terraform [infra-dir] [--repo <root>] [--plugin-dir <mirror>] [--require-providers] [--keep]
 * Runs terraform itself when it is on PATH (fmt -check; init/validate/test with a mocked AWS
 * provider per environment); exits 0 without it, 1 when a step fails.
 */
import { resolve } from 'node:path';
import { loadModule } from './config';
import { readmeIsCurrent, renderModuleDocs, writeReadme } from './docs';
import { checkInfra } from './index';
import { formatFinding, RULES } from './findings';
import { UNSCOPED_ACTIONS } from './unscoped-actions';
import { runTerraformChecks } from './terraform';

async function terraformMain(args: string[], option: (name: string) => string | undefined, flag: (name: string) => boolean): Promise<number> {
  const pluginDir = option('--plugin-dir') ?? (process.env.TF_PLUGIN_DIR || undefined);
  const repo = option('--repo');
  const requireProviders = flag('--require-providers');
  const keep = flag('--keep');
  const infra = resolve(args[0] ?? 'infra');
  const result = await runTerraformChecks({
    repoRoot: repo ? resolve(repo) : resolve(infra, '..'),
    infraDir: infra,
    pluginDir,
    keep,
    log: (l) => console.error(`  ${l}`),
  });
  if (!result.version) {
    console.log('terraform is not on PATH: skipped terraform fmt -check, validate and the mocked-provider plan (tf-check covers the configuration without it)');
    return 0;
  }
  let failed = 0;
  let unavailable = 0;
  for (const step of result.steps) {
    console.log(`${step.status.toUpperCase().padEnd(11)} ${step.name}`);
    if (step.status === 'fail') {
      failed++;
      console.log(step.output.replace(/^/gm, '    '));
    }
    if (step.status === 'unavailable') unavailable++;
  }
  if (unavailable) {
    console.log(
      `\n${unavailable} director${unavailable === 1 ? 'y' : 'ies'} could not install the hashicorp/aws provider (offline?), so validate and the plan did not run there:` +
        ' set TF_PLUGIN_DIR to a provider mirror (HOSTNAME/NAMESPACE/TYPE/VERSION/OS_ARCH) or run with network access.',
    );
  }
  if (result.staged) console.log(`staged copy kept at ${result.staged}`);
  const summary = `terraform ${result.version}: ${result.steps.filter((s) => s.status === 'pass').length} passed, ${failed} failed, ${unavailable} unavailable`;
  (failed ? console.error : console.log)(summary);
  return failed || (requireProviders && unavailable) ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return false;
    args.splice(i, 1);
    return true;
  };
  const option = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  if (flag('--help') || flag('-h')) {
    console.log(
      [
        'usage: tf-check [infra-dir] [--repo <root>] [--no-fmt] [--json] [--rules]',
        '       tf-check docs <module-dir>... [--write]   inputs/outputs tables for module READMEs',
        '       tf-check terraform [infra-dir] [--repo <root>] [--plugin-dir <mirror>] [--require-providers] [--keep]',
        '                                                 terraform fmt/validate/test (mocked AWS) when terraform is on PATH',
      ].join('\n'),
    );
    return 0;
  }
  if (args[0] === 'terraform') {
    args.shift();
    return terraformMain(args, option, flag);
  }
  if (args[0] === 'docs') {
    const write = flag('--write');
    let stale = 0;
    for (const dir of args.slice(1)) {
      const mod = await loadModule(resolve(dir));
      if (write) writeReadme(mod, `# ${dir}\n`);
      else if (args.length === 2) console.log(renderModuleDocs(mod));
      else if (!readmeIsCurrent(mod)) {
        stale++;
        console.error(`${dir}/README.md is not current`);
      }
    }
    return stale ? 1 : 0;
  }
  if (flag('--rules')) {
    for (const [rule, what] of Object.entries(RULES)) console.log(`${rule.padEnd(22)} ${what}`);
    console.log('\nactions allowed on Resource "*":');
    for (const [action, why] of Object.entries(UNSCOPED_ACTIONS)) console.log(`  ${action.padEnd(30)} ${why}`);
    return 0;
  }
  const json = flag('--json');
  const fmt = !flag('--no-fmt');
  const repo = option('--repo');
  const infra = resolve(args[0] ?? 'infra');
  const result = await checkInfra(infra, { repoRoot: repo ? resolve(repo) : undefined, fmt });
  if (json) {
    console.log(JSON.stringify({ findings: result.findings, modules: result.modules, environments: result.environments }, null, 2));
  } else {
    for (const f of result.findings) console.log(formatFinding(f));
    const summary = `tf-check: ${result.modules.length} modules, ${result.environments.length} environments (${result.environments.join(', ')}), ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`;
    (result.findings.length ? console.error : console.log)(summary);
  }
  return result.findings.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`tf-check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 2;
  },
);
