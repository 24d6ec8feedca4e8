/**
 * Module instances as terraform plan would expand them from a root (an environment): variables
 * from the environment's <env>.tfvars (or terraform.tfvars) and module arguments, for_each/count expansion, module outputs. The walk
 * evaluates every attribute, precondition and variable validation it can, and records the
 * evaluated resources and data sources for the security and deployment checks.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadModule, MODULE_META, RESOURCE_META, type Block, type Body, type Json, type ModuleConfig } from './config';
import { evaluate, evaluateJson, scopeWith, type ModuleScope, type Scope, type TemplatefileCall } from './eval';
import { parseTemplate, type Node } from './parser';
import { convert, isTypeExpression } from './types';
import { TfEvalError, UNKNOWN, isList, isObject, isUnknown, toBool, type ObjectValue, type Value } from './values';

export interface PlanFinding {
  rule: 'plan-error' | 'precondition' | 'validation';
  file: string;
  line: number;
  address: string;
  message: string;
}

export interface EvaluatedBlock {
  instance: Instance;
  block: Block;
  /** Instance key (for_each key or count index), null when not expanded. */
  key: Value | null;
  scope: Scope;
  /** Evaluated body: dynamic blocks expanded, errors replaced by UNKNOWN. */
  value: ObjectValue;
}

/** Loads module configurations once per directory. */
export class ConfigCache {
  private readonly cache = new Map<string, Promise<ModuleConfig>>();
  load(dir: string): Promise<ModuleConfig> {
    const key = resolve(dir);
    let p = this.cache.get(key);
    if (!p) {
      p = loadModule(key);
      this.cache.set(key, p);
    }
    return p;
  }
  /** Load a module and, recursively, every local module it calls. */
  async loadTree(dir: string, seen = new Set<string>()): Promise<void> {
    const key = resolve(dir);
    if (seen.has(key)) return;
    seen.add(key);
    const mod = await this.load(key);
    for (const call of mod.modules.values()) {
      const src = localSource(mod, call);
      if (src && existsSync(src)) await this.loadTree(src, seen);
    }
  }
  get(dir: string): ModuleConfig | undefined {
    return this.loaded.get(resolve(dir));
  }
  readonly loaded = new Map<string, ModuleConfig>();
  async settle(): Promise<void> {
    for (const [k, p] of this.cache) this.loaded.set(k, await p);
  }
}

export function localSource(mod: ModuleConfig, call: Block): string | null {
  const src = call.body.source;
  return typeof src === 'string' && (src.startsWith('./') || src.startsWith('../')) ? resolve(mod.dir, src) : null;
}

const typeNodes = new WeakMap<Block, Node | null>();
function variableType(block: Block): Node | null {
  if (!typeNodes.has(block)) {
    let node: Node | null = null;
    try {
      node = typeof block.body.type === 'string' ? parseTemplate(block.body.type) : null;
    } catch {
      node = null;
    }
    typeNodes.set(block, node && isTypeExpression(node) ? node : null);
  }
  return typeNodes.get(block)!;
}

export class Plan {
  readonly findings: PlanFinding[] = [];
  readonly resources: EvaluatedBlock[] = [];
  readonly data: EvaluatedBlock[] = [];
  readonly templatefiles: (TemplatefileCall & { instance: Instance })[] = [];
  constructor(
    readonly configs: ConfigCache,
    readonly repoRoot: string,
  ) {}

  report(inst: Instance, rule: PlanFinding['rule'], block: { file: string; line: number }, message: string) {
    if (!inst.active) return;
    if (this.findings.some((f) => f.message === message && f.file === block.file && f.line === block.line)) return;
    this.findings.push({ rule, file: relative(this.repoRoot, block.file), line: block.line, address: inst.address, message });
  }
}

interface Caller {
  instance: Instance;
  block: Block;
  scope: Scope;
}

export class Instance implements ModuleScope {
  readonly rootDir: string;
  readonly dir: string;
  private readonly varMemo = new Map<string, Value>();
  private readonly localMemo = new Map<string, Value>();
  private readonly outputMemo = new Map<string, Value>();
  private readonly children = new Map<string, { value: Value; instances: Instance[] }>();
  private readonly evaluating = new Set<string>();

  /** Root only: the variable values of the planned environment (an <env>.tfvars), else terraform.tfvars. */
  tfvars: Body | null = null;

  constructor(
    readonly plan: Plan,
    readonly config: ModuleConfig,
    readonly address: string,
    readonly caller: Caller | null,
    readonly active: boolean,
    rootDir?: string,
  ) {
    this.dir = config.dir;
    this.rootDir = rootDir ?? config.dir;
    if (!caller) this.tfvars = config.tfvars;
  }

  get scope(): Scope {
    return { module: this, vars: new Map() };
  }

  /**
   * Memoized evaluation. An error is reported once, where it happens (onError), and the value
   * becomes UNKNOWN for everything that uses it, as terraform reports one diagnostic per cause.
   */
  private guarded(kind: string, name: string, memo: Map<string, Value>, fn: () => Value, onError: (err: TfEvalError) => void): Value {
    const key = `${kind}.${name}`;
    if (memo.has(name)) return memo.get(name)!;
    if (this.evaluating.has(key)) return UNKNOWN; // a cycle terraform would reject
    this.evaluating.add(key);
    try {
      const v = fn();
      memo.set(name, v);
      return v;
    } catch (err) {
      if (!(err instanceof TfEvalError)) throw err;
      onError(err);
      memo.set(name, UNKNOWN);
      return UNKNOWN;
    } finally {
      this.evaluating.delete(key);
    }
  }

  variable(name: string): Value {
    const block = this.config.variables.get(name);
    if (!block) throw new TfEvalError(`variable "${name}" is not declared`);
    return this.guarded(
      'var',
      name,
      this.varMemo,
      () => {
        let raw: Value = UNKNOWN;
        const passed = this.caller?.block.body[name];
        if (this.caller && passed !== undefined) raw = evaluateJson(passed, this.caller.scope);
        else if (!this.caller && this.tfvars && name in this.tfvars) raw = evaluateJson(this.tfvars[name] as Json, this.scope);
        else if ('default' in block.body) raw = evaluateJson(block.body.default, this.scope);
        const type = variableType(block);
        return type ? convert(raw, type, (n) => evaluate(n, this.scope)) : raw;
      },
      (err) => {
        if (this.caller)
          this.plan.report(
            this.caller.instance.active ? this.caller.instance : this,
            'plan-error',
            this.caller.block,
            `module.${this.caller.block.labels[0]}.${name}: ${err.message}`,
          );
        else this.plan.report(this, 'plan-error', block, `var.${name}: ${err.message}`);
      },
    );
  }

  local(name: string): Value {
    const block = this.config.locals.get(name);
    if (!block) throw new TfEvalError(`local value "${name}" is not declared`);
    return this.guarded(
      'local',
      name,
      this.localMemo,
      () => evaluateJson(block.body.value, this.scope),
      (err) => this.plan.report(this, 'plan-error', block, `local.${name}: ${err.message}`),
    );
  }

  output(name: string): Value {
    const block = this.config.outputs.get(name);
    if (!block) throw new TfEvalError(`output "${name}" is not declared`);
    return this.guarded(
      'output',
      name,
      this.outputMemo,
      () => evaluateJson(block.body.value, this.scope),
      (err) => this.plan.report(this, 'plan-error', block, `output.${name}: ${err.message}`),
    );
  }

  private outputs(): ObjectValue {
    const out: ObjectValue = {};
    for (const name of this.config.outputs.keys()) out[name] = this.output(name);
    return out;
  }

  onTemplatefile(call: TemplatefileCall): void {
    this.plan.templatefiles.push({ ...call, instance: this });
  }

  /** Expansion keys of a block with count or for_each, evaluated in this instance. */
  expansion(body: Body): { keys: { key: Value; each?: { key: Value; value: Value }; count?: Value }[] | null; empty: boolean } {
    if (body.for_each !== undefined) {
      const v = evaluateJson(body.for_each, this.scope);
      if (isUnknown(v)) return { keys: [{ key: UNKNOWN, each: { key: UNKNOWN, value: UNKNOWN } }], empty: false };
      const pairs: [Value, Value][] = isObject(v)
        ? Object.keys(v)
            .sort()
            .map((k) => [k, v[k]])
        : isList(v)
          ? v.map((x) => [x, x])
          : [];
      if (!isObject(v) && !isList(v)) throw new TfEvalError('for_each must be a map or a set of strings');
      return { keys: pairs.map(([key, value]) => ({ key, each: { key, value } })), empty: pairs.length === 0 };
    }
    if (body.count !== undefined) {
      const v = evaluateJson(body.count, this.scope);
      if (isUnknown(v)) return { keys: [{ key: UNKNOWN, count: UNKNOWN }], empty: false };
      if (typeof v !== 'number' || v < 0) throw new TfEvalError('count must be a whole number');
      return { keys: Array.from({ length: v }, (_, i) => ({ key: i, count: i })), empty: v === 0 };
    }
    return { keys: null, empty: false };
  }

  /** Child instances of a module call; a call expanded to nothing gets one inactive instance, still checked. */
  childInstances(name: string): { value: Value; instances: Instance[] } {
    const hit = this.children.get(name);
    if (hit) return hit;
    const block = this.config.modules.get(name);
    if (!block) throw new TfEvalError(`module "${name}" is not declared`);
    const src = localSource(this.config, block);
    const config = src ? this.plan.configs.get(src) : undefined;
    if (!config) {
      const res = { value: UNKNOWN as Value, instances: [] };
      this.children.set(name, res);
      return res;
    }
    const placeholder = { value: UNKNOWN as Value, instances: [] as Instance[] };
    this.children.set(name, placeholder); // cycle guard
    let exp: ReturnType<Instance['expansion']>;
    try {
      exp = this.expansion(block.body);
    } catch (err) {
      if (!(err instanceof TfEvalError)) throw err;
      this.plan.report(this, 'plan-error', block, `module "${name}": ${err.message}`);
      exp = { keys: [{ key: UNKNOWN, each: { key: UNKNOWN, value: UNKNOWN }, count: UNKNOWN }], empty: false };
    }
    const make = (suffix: string, scope: Scope, active: boolean) =>
      new Instance(this.plan, config, `${this.address}.module.${name}${suffix}`, { instance: this, block, scope }, active, this.rootDir);
    let res: { value: Value; instances: Instance[] };
    if (exp.keys === null) {
      const child = make('', this.scope, this.active);
      res = { value: UNKNOWN, instances: [child] };
      this.children.set(name, res);
      res.value = child.outputs();
    } else if (exp.empty) {
      const scope: Scope = { ...this.scope, each: { key: UNKNOWN, value: UNKNOWN }, count: 0 };
      res = { value: block.body.count !== undefined ? [] : {}, instances: [make('[inactive]', scope, false)] };
      this.children.set(name, res);
    } else {
      const instances = exp.keys.map((k) =>
        make(isUnknown(k.key) ? '[?]' : `[${JSON.stringify(k.key)}]`, { ...this.scope, each: k.each, count: k.count }, this.active),
      );
      res = { value: UNKNOWN, instances };
      this.children.set(name, res);
      if (exp.keys.some((k) => isUnknown(k.key))) res.value = UNKNOWN;
      else if (block.body.count !== undefined) res.value = instances.map((i) => i.outputs());
      else res.value = Object.fromEntries(exp.keys.map((k, i) => [k.key as string, instances[i].outputs()]));
    }
    return res;
  }

  module(name: string): Value {
    return this.childInstances(name).value;
  }

  /** Evaluate a block body: attributes, nested blocks, dynamic blocks; errors reported and UNKNOWN. */
  evaluateBody(body: Body, scope: Scope, where: Block, path: string, skip: ReadonlySet<string> = RESOURCE_META): ObjectValue {
    const out: ObjectValue = {};
    for (const [key, json] of Object.entries(body)) {
      if (skip.has(key)) continue;
      if (key === 'dynamic') {
        for (const [type, defs] of Object.entries(json as Record<string, Body[]>)) {
          for (const def of defs) {
            const blocks = (out[type] ??= []) as Value[];
            let coll: Value;
            try {
              coll = evaluateJson(def.for_each, scope);
            } catch (err) {
              if (!(err instanceof TfEvalError)) throw err;
              this.plan.report(this, 'plan-error', where, `${path}.dynamic.${type}.for_each: ${err.message}`);
              coll = UNKNOWN;
            }
            const iterator = typeof def.iterator === 'string' ? def.iterator : type;
            const content = ((def.content as Body[] | undefined) ?? [{}])[0];
            if (isUnknown(coll)) {
              blocks.push(UNKNOWN);
              continue;
            }
            const pairs: [Value, Value][] = isObject(coll)
              ? Object.keys(coll)
                  .sort()
                  .map((k) => [k, coll[k]])
              : isList(coll)
                ? coll.map((v, i) => [i, v])
                : [];
            for (const [k, v] of pairs)
              blocks.push(this.evaluateBody(content, scopeWith(scope, { [iterator]: { key: k, value: v } }), where, `${path}.${type}`));
          }
        }
        continue;
      }
      if (isBlockList(json)) {
        const blocks = (out[key] ??= []) as Value[];
        for (const b of json as Body[]) blocks.push(this.evaluateBody(b, scope, where, `${path}.${key}`, new Set()));
        continue;
      }
      try {
        out[key] = evaluateJson(json, scope);
      } catch (err) {
        if (!(err instanceof TfEvalError)) throw err;
        this.plan.report(this, 'plan-error', where, `${path}.${key}: ${err.message}`);
        out[key] = UNKNOWN;
      }
    }
    return out;
  }

  private conditions(block: Block, scope: Scope, kind: 'precondition' | 'postcondition') {
    const lifecycle = (block.body.lifecycle as Body[] | undefined)?.[0];
    for (const c of (lifecycle?.[kind] as Body[] | undefined) ?? []) this.condition(c, scope, block, 'precondition', `${kind} of ${block.labels.join('.')}`);
  }

  private condition(c: Body, scope: Scope, where: Block, rule: 'precondition' | 'validation', what: string) {
    let ok: Value;
    try {
      ok = toBool(evaluateJson(c.condition, scope));
    } catch (err) {
      if (!(err instanceof TfEvalError)) throw err;
      this.plan.report(this, 'plan-error', where, `${what}: ${err.message}`);
      return;
    }
    if (ok === false) {
      let msg: Value = '';
      try {
        msg = evaluateJson(c.error_message, scope);
      } catch {
        msg = String(c.error_message);
      }
      this.plan.report(this, rule, where, `${what} failed: ${isUnknown(msg) ? c.error_message : msg}`);
    }
  }

  /** Evaluate everything in this instance and, recursively, its children. */
  walk(): void {
    const at = (b: Block, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        if (!(err instanceof TfEvalError)) throw err;
        this.plan.report(this, 'plan-error', b, `${b.kind} ${b.labels.join('.')}: ${err.message}`);
      }
    };
    for (const [name, b] of this.config.variables) {
      at(b, () => {
        const value = this.variable(name);
        if (this.caller === null && value === UNKNOWN && !('default' in b.body)) return;
        for (const v of (b.body.validation as Body[] | undefined) ?? []) this.condition(v, this.scope, b, 'validation', `validation of var.${name}`);
      });
    }
    for (const [name, b] of this.config.locals) at(b, () => this.local(name));
    for (const [name, b] of this.config.outputs) at(b, () => this.output(name));
    for (const [kind, map, sink] of [
      ['resource', this.config.resources, this.plan.resources],
      ['data', this.config.data, this.plan.data],
    ] as const) {
      for (const b of map.values()) {
        at(b, () => {
          const exp = this.expansion(b.body);
          const keys = exp.keys ?? [{ key: null as Value }];
          // A block expanded to nothing is still checked (inactive), with unknown keys.
          const list = exp.empty ? [{ key: UNKNOWN, each: { key: UNKNOWN, value: UNKNOWN }, count: UNKNOWN }] : keys;
          for (const k of list) {
            const scope: Scope = { ...this.scope, each: 'each' in k ? k.each : undefined, count: 'count' in k ? k.count : undefined };
            const inst: Instance = exp.empty ? this.inactiveView() : this;
            const value = inst.evaluateBody(b.body, scope, b, `${kind === 'data' ? 'data.' : ''}${b.labels.join('.')}`);
            sink.push({ instance: inst, block: b, key: k.key, scope, value });
            inst.conditions(b, scope, 'precondition');
          }
        });
      }
    }
    for (const [name, b] of this.config.modules) {
      at(b, () => {
        const { instances } = this.childInstances(name);
        for (const child of instances) {
          for (const arg of Object.keys(b.body)) {
            if (MODULE_META.has(arg) || !child.config.variables.has(arg)) continue;
            child.variable(arg);
          }
          child.walk();
        }
      });
    }
  }

  private inactive?: Instance;
  /** The same module seen through an inactive lens: findings are not reported. */
  private inactiveView(): Instance {
    if (!this.active) return this;
    if (!this.inactive) {
      this.inactive = new Instance(this.plan, this.config, `${this.address}[inactive]`, this.caller, false, this.rootDir);
      this.inactive.tfvars = this.tfvars;
    }
    return this.inactive;
  }
}

function isBlockList(json: Json): boolean {
  return Array.isArray(json) && json.length > 0 && json.every((j) => j !== null && typeof j === 'object' && !Array.isArray(j));
}

export interface PlanOptions {
  /** Variable values of the environment (a parsed <env>.tfvars); default the root's terraform.tfvars. */
  tfvars?: Body | null;
  /** Address of the root in findings, e.g. "infra/envs/dev.tfvars"; default the root directory. */
  address?: string;
}

/** Evaluate a root (with one environment's values) and everything under it. */
export async function planRoot(
  rootDir: string,
  repoRoot: string,
  configs = new ConfigCache(),
  options: PlanOptions = {},
): Promise<{ plan: Plan; root: Instance }> {
  await configs.loadTree(rootDir);
  await configs.settle();
  const plan = new Plan(configs, repoRoot);
  const root = new Instance(plan, configs.get(rootDir)!, options.address ?? relative(repoRoot, resolve(rootDir)), null, true);
  if (options.tfvars !== undefined) root.tfvars = options.tfvars;
  root.walk();
  return { plan, root };
}

export type { Node };
