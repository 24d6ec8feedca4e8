/**
 * What an environment deploys, compared with the repository: every functions/<folder> is a
 * Lambda built from dist/functions/<folder>.zip, every state_machines/<name>.json is rendered
 * by templatefile with all its placeholders filled, and every fn_* placeholder names a function.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Finding } from './findings';
import type { Instance, Plan } from './instances';
import { isUnknown } from './values';

export interface RepoLayout {
  repoRoot: string;
  functionsDir: string;
  stateMachinesDir: string;
  /** Where make build puts the zips. */
  artifactsDir: string;
}

export function repoLayout(repoRoot: string): RepoLayout {
  return {
    repoRoot,
    functionsDir: join(repoRoot, 'functions'),
    stateMachinesDir: join(repoRoot, 'state_machines'),
    artifactsDir: join(repoRoot, 'dist', 'functions'),
  };
}

/** Function folders: directories under functions/ with a package.json. */
export function functionFolders(layout: RepoLayout): string[] {
  if (!existsSync(layout.functionsDir)) return [];
  return readdirSync(layout.functionsDir)
    .filter((n) => {
      const p = join(layout.functionsDir, n);
      return statSync(p).isDirectory() && existsSync(join(p, 'package.json'));
    })
    .sort();
}

export function stateMachineFiles(layout: RepoLayout): string[] {
  if (!existsSync(layout.stateMachinesDir)) return [];
  return readdirSync(layout.stateMachinesDir)
    .filter((n) => n.endsWith('.json'))
    .sort();
}

export const placeholderFunction = (placeholder: string) => placeholder.slice('fn_'.length).replace(/_/g, '-');

export interface Deployed {
  /** Function folder => address of the Lambda deploying its zip. */
  functions: Map<string, string>;
  /** Function folder => its Lambda timeout in seconds (when the plan knows it). */
  timeouts: Map<string, number>;
  /** State machine file name => whether templatefile could fill it. */
  stateMachines: Set<string>;
}

/** What the active instances of a root plan deploy. */
export function deployed(plan: Plan, layout: RepoLayout): Deployed {
  const functions = new Map<string, string>();
  const timeouts = new Map<string, number>();
  for (const r of plan.resources) {
    if (r.block.labels[0] !== 'aws_lambda_function' || !r.instance.active) continue;
    const filename = r.value.filename;
    if (typeof filename !== 'string') continue;
    const zip = resolve(r.instance.rootDir, filename);
    if (dirname(zip) === resolve(layout.artifactsDir) && zip.endsWith('.zip')) {
      functions.set(basename(zip, '.zip'), r.instance.address);
      if (typeof r.value.timeout === 'number') timeouts.set(basename(zip, '.zip'), r.value.timeout);
    }
  }
  const stateMachines = new Set<string>();
  for (const t of plan.templatefiles) {
    if (t.instance.active && t.exists && dirname(t.path) === resolve(layout.stateMachinesDir)) stateMachines.add(basename(t.path));
  }
  return { functions, timeouts, stateMachines };
}

export function checkDeployment(plan: Plan, root: Instance, layout: RepoLayout): Finding[] {
  const out: Finding[] = [];
  const rootFile = relative(layout.repoRoot, join(root.dir, 'main.tf'));
  const d = deployed(plan, layout);
  const folders = functionFolders(layout);

  for (const f of folders) {
    if (!d.functions.has(f))
      out.push({
        rule: 'not-deployed',
        file: rootFile,
        line: 1,
        message: `functions/${f} is not deployed by ${root.address} (add it to the functions map in infra/modules/medallion/locals.tf)`,
      });
  }
  for (const [f, address] of d.functions) {
    if (!folders.includes(f))
      out.push({ rule: 'not-deployed', file: rootFile, line: 1, message: `${address} deploys dist/functions/${f}.zip but functions/${f} does not exist` });
  }
  for (const sm of stateMachineFiles(layout)) {
    if (!d.stateMachines.has(sm))
      out.push({
        rule: 'not-deployed',
        file: rootFile,
        line: 1,
        message: `state_machines/${sm} is not deployed by ${root.address} (add it to the state_machines map in infra/modules/medallion/locals.tf)`,
      });
  }

  for (const r of plan.resources) {
    if (r.block.labels[0] !== 'aws_lambda_function' || !r.instance.active) continue;
    const file = relative(layout.repoRoot, r.block.file);
    const at = `${r.instance.address}`;
    const { runtime, handler, architectures } = r.value;
    if (!isUnknown(runtime) && runtime !== 'nodejs22.x')
      out.push({ rule: 'lambda', file, line: r.block.line, message: `${at}: runtime ${String(runtime)}, expected nodejs22.x` });
    if (!isUnknown(handler) && handler !== 'index.handler')
      out.push({ rule: 'lambda', file, line: r.block.line, message: `${at}: handler ${String(handler)}, expected index.handler` });
    if (!isUnknown(architectures) && JSON.stringify(architectures) !== '["x86_64"]')
      out.push({
        rule: 'lambda',
        file,
        line: r.block.line,
        message: `${at}: architectures ${JSON.stringify(architectures)}, expected ["x86_64"] (the DuckDB binding in the bundle)`,
      });
  }
  return out;
}

/** Placeholders of every rendered state machine: filled by the vars map, fn_* naming a function folder. */
export function checkStateMachines(plan: Plan, layout: RepoLayout): Finding[] {
  const out: Finding[] = [];
  const folders = new Set(functionFolders(layout));
  for (const t of plan.templatefiles) {
    if (dirname(t.path) !== resolve(layout.stateMachinesDir)) continue;
    const file = relative(layout.repoRoot, t.path);
    if (!t.exists) {
      out.push({ rule: 'asl-placeholder', file, line: 1, message: `does not exist but is rendered by templatefile [in ${t.instance.address}]` });
      continue;
    }
    if (t.syntaxError) {
      out.push({
        rule: 'asl-placeholder',
        file,
        line: 1,
        message: `templatefile cannot render it: ${t.syntaxError} (a literal "\${" must be written "$\${") [in ${t.instance.address}]`,
      });
      continue;
    }
    for (const ph of t.placeholders) {
      if (t.provided && !t.provided.includes(ph))
        out.push({
          rule: 'asl-placeholder',
          file,
          line: 1,
          message: `\${${ph}} is not filled by the templatefile vars (they are ${t.provided.join(', ')}) [in ${t.instance.address}]`,
        });
      if (ph.startsWith('fn_') && !folders.has(placeholderFunction(ph)))
        out.push({ rule: 'asl-function', file, line: 1, message: `\${${ph}} names functions/${placeholderFunction(ph)}, which does not exist` });
    }
    if (t.provided === null && t.instance.active)
      out.push({
        rule: 'asl-placeholder',
        file,
        line: 1,
        message: `the templatefile vars are not known statically, so the placeholders cannot be checked [in ${t.instance.address}]`,
      });
  }
  return out;
}

/**
 * Seconds a lambda:invoke Task must wait beyond its function's timeout. With TimeoutSeconds equal
 * to the Lambda timeout, Step Functions can time the Task out and retry while the first invocation
 * is still running (both then write the same batch).
 */
export const TASK_TIMEOUT_MARGIN_S = 30;

type AslState = {
  Type?: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Parameters?: { FunctionName?: string };
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
};

/** Every lambda:invoke Task of every state machine, with the function folder it names. */
export function lambdaTasks(definition: { States?: Record<string, AslState> }): { name: string; folder: string; timeoutSeconds: number }[] {
  const out: { name: string; folder: string; timeoutSeconds: number }[] = [];
  const walk = (states: Record<string, AslState>) => {
    for (const [name, st] of Object.entries(states)) {
      const inner = st.ItemProcessor ?? st.Iterator;
      if (inner) walk(inner.States);
      const folder = /^\$\{fn_([a-z0-9_]+)\}$/.exec(st.Parameters?.FunctionName ?? '')?.[1]?.replaceAll('_', '-');
      // Step Functions' default TimeoutSeconds is 99999999: absent counts as long enough.
      if (st.Resource === 'arn:aws:states:::lambda:invoke' && folder) out.push({ name, folder, timeoutSeconds: st.TimeoutSeconds ?? Number.POSITIVE_INFINITY });
    }
  };
  walk(definition.States ?? {});
  return out;
}

/** Task TimeoutSeconds at least TASK_TIMEOUT_MARGIN_S over the timeout each environment gives the function. */
export function checkTaskTimeouts(d: Deployed, layout: RepoLayout, where: string): Finding[] {
  const out: Finding[] = [];
  for (const file of stateMachineFiles(layout)) {
    let definition: { States?: Record<string, AslState> };
    const text = readFileSync(join(layout.stateMachinesDir, file), 'utf8');
    try {
      definition = JSON.parse(text) as typeof definition;
    } catch {
      continue;
    }
    // The line of the Task's TimeoutSeconds (else of the Task), for an editor to jump to.
    const lineOf = (name: string) => {
      const at = text.indexOf(`${JSON.stringify(name)}: {`);
      const timeout = at < 0 ? -1 : text.indexOf('"TimeoutSeconds"', at);
      const pos = timeout >= 0 ? timeout : Math.max(at, 0);
      return text.slice(0, pos).split('\n').length;
    };
    for (const task of lambdaTasks(definition)) {
      const lambda = d.timeouts.get(task.folder);
      if (lambda === undefined || task.timeoutSeconds - lambda >= TASK_TIMEOUT_MARGIN_S) continue;
      out.push({
        rule: 'asl-timeout',
        file: relative(layout.repoRoot, join(layout.stateMachinesDir, file)),
        line: lineOf(task.name),
        message: `${task.name}: TimeoutSeconds ${task.timeoutSeconds} is less than ${TASK_TIMEOUT_MARGIN_S} s over the ${lambda} s timeout of functions/${task.folder} (use at least ${lambda + TASK_TIMEOUT_MARGIN_S}) [in ${where}]`,
      });
    }
  }
  return out;
}
