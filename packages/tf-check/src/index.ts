/**
 * @medallion/tf-check — static checks of the Terraform under infra/, for machines without
 * terraform (and without AWS): syntax and fmt, references, variables, module interfaces, an
 * evaluated "plan" per environment, security policy, and deployment coverage of the repo.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { moduleDirs } from './config';
import { checkDeployment, checkStateMachines, checkTaskTimeouts, deployed, repoLayout, type Deployed } from './deployment';
import { checkBackend, environmentValues, environments } from './environments';
import { readmeIsCurrent } from './docs';
import { dedupe, type Finding } from './findings';
import { checkFmt } from './fmt';
import { ConfigCache, planRoot } from './instances';
import { HclSyntaxError } from './lexer';
import { checkSecurity } from './security';
import { checkModuleStatic } from './static-checks';

export { formatFinding, type Finding } from './findings';
export { TASK_TIMEOUT_MARGIN_S } from './deployment';
export { planRoot, type Plan } from './instances';

interface CheckOptions {
  /** Repository root (functions/, state_machines/, packages/); default: the parent of infraDir. */
  repoRoot?: string;
  /** Check terraform fmt style (default true). */
  fmt?: boolean;
}

export interface CheckResult {
  findings: Finding[];
  /** Module directories checked, relative to the repository root. */
  modules: string[];
  /** Environments planned (one per infra/envs/<env>.tfvars). */
  environments: string[];
  /** What each environment deploys, keyed by environment name. */
  deployed: Record<string, Deployed>;
}

function filesByExtension(dir: string, exts: string[]): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      if (n.startsWith('.') || n === 'node_modules') return [];
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return filesByExtension(p, exts);
      return exts.some((e) => n.endsWith(e)) ? [p] : [];
    });
}

export async function checkInfra(infraDir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const infra = resolve(infraDir);
  const repoRoot = resolve(options.repoRoot ?? dirname(infra));
  const layout = repoLayout(repoRoot);
  const rel = (p: string) => relative(repoRoot, p);
  const dirs = moduleDirs(infra);
  const configs = new ConfigCache();
  for (const d of dirs) await configs.loadTree(d);
  await configs.settle();

  const findings: Finding[] = [];
  for (const d of dirs) findings.push(...checkModuleStatic(configs.get(d)!, configs, repoRoot));
  // Reusable modules document their interface: README.md with the generated inputs/outputs tables.
  for (const d of dirs.filter((x) => dirname(resolve(x)) === resolve(infra, 'modules'))) {
    if (!readmeIsCurrent(configs.get(d)!))
      findings.push({
        rule: 'module-readme',
        file: rel(join(d, 'README.md')),
        line: 1,
        message: `missing or out of date: run npx tsx packages/tf-check/src/cli.ts docs ${rel(d)} --write`,
      });
  }

  if (options.fmt !== false) {
    for (const file of filesByExtension(infra, ['.tf', '.tfvars'])) {
      try {
        const problems = checkFmt(readFileSync(file, 'utf8'));
        for (const p of problems.slice(0, 5))
          findings.push({
            rule: 'fmt',
            file: rel(file),
            line: p.line,
            message: `terraform fmt would write ${JSON.stringify(p.expected)} (found ${JSON.stringify(p.actual)})`,
          });
        if (problems.length > 5)
          findings.push({ rule: 'fmt', file: rel(file), line: problems[5].line, message: `${problems.length - 5} more lines differ from terraform fmt` });
      } catch (err) {
        if (!(err instanceof HclSyntaxError)) throw err;
        findings.push({ rule: 'syntax', file: rel(file), line: 1, message: err.message });
      }
    }
  }

  const envs = environments(infra);
  const roots = [...new Set(envs.map((e) => e.root))];
  const reached = new Set<string>();
  const result: CheckResult = { findings: [], modules: dirs.map(rel), environments: envs.map((e) => e.name), deployed: {} };
  for (const env of envs) {
    const seen = new Set<string>();
    await configs.loadTree(env.root, seen);
    for (const d of seen) reached.add(d);
    const values = await environmentValues(env, repoRoot);
    findings.push(...values.findings, ...(await checkBackend(env, repoRoot)));
    const { plan, root: inst } = await planRoot(env.root, repoRoot, configs, { tfvars: values.tfvars, address: rel(env.tfvarsFile) });
    // State machine files and placeholders are reported by checkStateMachines.
    findings.push(
      ...plan.findings
        .filter((f) => !/file\(\): .*state_machines\//.test(f.message))
        .map((f) => ({ rule: f.rule, file: f.file, line: f.line, message: `${f.message} [in ${f.address}]` })),
    );
    const d = deployed(plan, layout);
    findings.push(
      ...checkSecurity(plan, repoRoot),
      ...checkDeployment(plan, inst, layout),
      ...checkStateMachines(plan, layout),
      ...checkTaskTimeouts(d, layout, rel(env.tfvarsFile)),
    );
    result.deployed[env.name] = d;
  }
  // Modules no environment uses are still held to the security policy, with unknown inputs.
  for (const d of dirs) {
    if (reached.has(resolve(d)) || roots.includes(resolve(d))) continue;
    const { plan } = await planRoot(d, repoRoot, configs);
    findings.push(...checkSecurity(plan, repoRoot));
  }
  result.findings = dedupe(findings).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  return result;
}
