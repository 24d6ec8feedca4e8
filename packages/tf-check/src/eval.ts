/**
 * Static evaluation of HCL expressions, the way terraform plan would see them before any AWS
 * call: variables, locals, module outputs, functions and files are evaluated; resource and data
 * source attributes are UNKNOWN. Configuration mistakes surface as TfEvalError.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { FUNCTIONS, UNKNOWN_FUNCTIONS } from './functions';
import { HclSyntaxError } from './lexer';
import { parseTemplate, SPLAT_ITEM, type Node } from './parser';
import { collectReferences } from './refs';
import { TfEvalError, UNKNOWN, deepEqual, entries, isList, isObject, isUnknown, toBool, toNum, toStr, typeName, type ObjectValue, type Value } from './values';
import type { Json } from './config';

/** What an expression can see besides its module: iteration variables, each, count. */
export interface Scope {
  module: ModuleScope;
  vars: ReadonlyMap<string, Value>;
  each?: { key: Value; value: Value };
  count?: Value;
  /** Inside templatefile(): only the vars map is visible. */
  templateOnly?: boolean;
}

/** The module instance side of a scope (implemented by Instance). */
export interface ModuleScope {
  /** Directory of the root module: terraform's working directory. */
  readonly rootDir: string;
  /** Directory of this module. */
  readonly dir: string;
  variable(name: string): Value;
  local(name: string): Value;
  module(name: string): Value;
  onTemplatefile(call: TemplatefileCall): void;
}

export interface TemplatefileCall {
  path: string;
  exists: boolean;
  /** Placeholders (variables) the template references. */
  placeholders: string[];
  /** Keys of the vars map, or null when unknown. */
  provided: string[] | null;
  /** Why the file is not a valid template, if it is not. */
  syntaxError?: string;
}

const ROOTS = new Set(['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'data', 'self']);

export function scopeWith(scope: Scope, bindings: Record<string, Value>): Scope {
  const vars = new Map(scope.vars);
  for (const [k, v] of Object.entries(bindings)) vars.set(k, v);
  return { ...scope, vars };
}

function getAttr(base: Value, name: string): Value {
  if (isUnknown(base)) return UNKNOWN;
  if (isObject(base)) {
    if (name in base) return base[name];
    throw new TfEvalError(`object has no attribute "${name}"`);
  }
  if (base === null) throw new TfEvalError(`attempt to get attribute "${name}" from a null value`);
  throw new TfEvalError(`attempt to get attribute "${name}" from a ${typeName(base)}`);
}

function index(base: Value, key: Value): Value {
  if (isUnknown(base) || isUnknown(key)) return UNKNOWN;
  if (isList(base)) {
    const i = toNum(key);
    if (isUnknown(i)) return UNKNOWN;
    if (!Number.isInteger(i) || i < 0 || i >= base.length) throw new TfEvalError(`index ${i} out of range for a list of ${base.length}`);
    return base[i];
  }
  if (isObject(base)) {
    const k = toStr(key, 'key');
    if (isUnknown(k)) return UNKNOWN;
    if (k in base) return base[k];
    throw new TfEvalError(`no element with key ${JSON.stringify(k)}`);
  }
  if (base === null) throw new TfEvalError('attempt to index a null value');
  throw new TfEvalError(`cannot index a ${typeName(base)}`);
}

function rootAttr(root: string, name: string, scope: Scope): Value {
  const m = scope.module;
  switch (root) {
    case 'var':
      return m.variable(name);
    case 'local':
      return m.local(name);
    case 'module':
      return m.module(name);
    case 'each':
      if (!scope.each) throw new TfEvalError('each.* used outside a for_each block');
      return name === 'key'
        ? scope.each.key
        : name === 'value'
          ? scope.each.value
          : (() => {
              throw new TfEvalError(`each has no attribute "${name}"`);
            })();
    case 'count':
      if (scope.count === undefined) throw new TfEvalError('count.index used outside a count block');
      return scope.count;
    case 'path': {
      const rel = relative(m.rootDir, m.dir) || '.';
      if (name === 'module') return rel;
      if (name === 'root' || name === 'cwd') return name === 'cwd' ? m.rootDir : '.';
      throw new TfEvalError(`path has no attribute "${name}"`);
    }
    case 'terraform':
      return name === 'workspace' ? 'default' : UNKNOWN;
    default:
      return UNKNOWN; // data sources, resources, self: known only to AWS
  }
}

/** Evaluate a JSON value from hcl2json: strings are templates, the rest is literal structure. */
export function evaluateJson(json: Json | undefined, scope: Scope): Value {
  if (json === undefined) return null;
  if (typeof json === 'string') return evaluate(parseOrFail(json), scope);
  if (Array.isArray(json)) return json.map((j) => evaluateJson(j, scope));
  if (json !== null && typeof json === 'object') {
    const out: ObjectValue = {};
    for (const [k, v] of Object.entries(json)) out[k] = evaluateJson(v, scope);
    return out;
  }
  return json;
}

function parseOrFail(src: string): Node {
  try {
    return parseTemplate(src);
  } catch (err) {
    if (err instanceof HclSyntaxError) throw new TfEvalError(`syntax: ${err.message}`);
    throw err;
  }
}

export function evaluate(n: Node, scope: Scope): Value {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'var': {
      if (scope.vars.has(n.name)) return scope.vars.get(n.name)!;
      if (scope.templateOnly) throw new TfEvalError(`vars map does not contain key "${n.name}"`);
      if (n.name === 'each' && scope.each) return { key: scope.each.key, value: scope.each.value };
      if (ROOTS.has(n.name)) return UNKNOWN;
      return UNKNOWN; // a resource type: its instances are known only after apply
    }
    case 'get':
      if (n.obj.k === 'var' && !scope.vars.has(n.obj.name) && !scope.templateOnly && ROOTS.has(n.obj.name)) return rootAttr(n.obj.name, n.name, scope);
      return getAttr(evaluate(n.obj, scope), n.name);
    case 'index':
      return index(evaluate(n.obj, scope), evaluate(n.key, scope));
    case 'splat': {
      const base = evaluate(n.obj, scope);
      if (isUnknown(base)) return UNKNOWN;
      if (base === null) return [];
      const items = isList(base) ? base : [base];
      return items.map((item) => evaluate(n.each, scopeWith(scope, { [SPLAT_ITEM]: item })));
    }
    case 'tmpl': {
      if (n.directives) return UNKNOWN;
      if (n.parts.length === 1 && typeof n.parts[0] !== 'string') return evaluate(n.parts[0], scope);
      let out = '';
      let unknown = false;
      for (const p of n.parts) {
        if (typeof p === 'string') {
          out += p;
          continue;
        }
        const s = toStr(evaluate(p, scope), 'interpolated value');
        if (isUnknown(s)) unknown = true;
        else out += s;
      }
      return unknown ? UNKNOWN : out;
    }
    case 'call':
      return call(n, scope);
    case 'tuple':
      return n.items.map((i) => evaluate(i, scope));
    case 'object': {
      const out: ObjectValue = {};
      for (const it of n.items) {
        const k = toStr(evaluate(it.key, scope), 'object key');
        if (isUnknown(k)) return UNKNOWN;
        out[k] = evaluate(it.value, scope);
      }
      return out;
    }
    case 'for':
      return forExpr(n, scope);
    case 'cond': {
      const c = toBool(evaluate(n.c, scope));
      if (!isUnknown(c)) return evaluate(c ? n.t : n.f, scope);
      const t = tryEval(n.t, scope);
      const f = tryEval(n.f, scope);
      return t !== undefined && f !== undefined && deepEqual(t, f) === true ? t : UNKNOWN;
    }
    case 'un': {
      const v = evaluate(n.e, scope);
      if (n.op === '!') {
        const b = toBool(v);
        return isUnknown(b) ? UNKNOWN : !b;
      }
      const x = toNum(v);
      return isUnknown(x) ? UNKNOWN : -x;
    }
    case 'bin':
      return binary(n.op, n.l, n.r, scope);
  }
}

function tryEval(n: Node, scope: Scope): Value | undefined {
  try {
    return evaluate(n, scope);
  } catch (err) {
    if (err instanceof TfEvalError) return undefined;
    throw err;
  }
}

function binary(op: string, ln: Node, rn: Node, scope: Scope): Value {
  const l = evaluate(ln, scope);
  const r = evaluate(rn, scope);
  if (op === '==' || op === '!=') {
    const eq = deepEqual(l, r);
    return isUnknown(eq) ? UNKNOWN : op === '==' ? eq : !eq;
  }
  if (op === '&&' || op === '||') {
    const a = toBool(l);
    const b = toBool(r);
    if (op === '&&') return a === false || b === false ? false : isUnknown(a) || isUnknown(b) ? UNKNOWN : true;
    return a === true || b === true ? true : isUnknown(a) || isUnknown(b) ? UNKNOWN : false;
  }
  const a = toNum(l);
  const b = toNum(r);
  if (isUnknown(a) || isUnknown(b)) return UNKNOWN;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new TfEvalError('division by zero');
      return a / b;
    case '%':
      return a % b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
  throw new TfEvalError(`unknown operator ${op}`);
}

function forExpr(n: Extract<Node, { k: 'for' }>, scope: Scope): Value {
  const items = entries(evaluate(n.coll, scope));
  if (isUnknown(items)) return UNKNOWN;
  const list: Value[] = [];
  const obj: Record<string, Value> = {};
  for (const [k, v] of items) {
    const inner = scopeWith(scope, n.keyVar ? { [n.keyVar]: k, [n.valVar]: v } : { [n.valVar]: v });
    if (n.cond) {
      const c = toBool(evaluate(n.cond, inner));
      if (isUnknown(c)) return UNKNOWN;
      if (!c) continue;
    }
    if (!n.object) {
      list.push(evaluate(n.value, inner));
      continue;
    }
    const key = toStr(evaluate(n.key!, inner), 'for expression key');
    if (isUnknown(key)) return UNKNOWN;
    const value = evaluate(n.value, inner);
    if (n.group) ((obj[key] ??= []) as Value[]).push(value);
    else if (key in obj) throw new TfEvalError(`duplicate key ${JSON.stringify(key)} in a for expression (use ... to group)`);
    else obj[key] = value;
  }
  return n.object ? obj : list;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? listFiles(p, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}

function pathArg(v: Value, fn: string): string | null {
  const s = toStr(v, `path given to ${fn}()`);
  return isUnknown(s) ? null : s;
}

function call(n: Extract<Node, { k: 'call' }>, scope: Scope): Value {
  const root = scope.module.rootDir;
  if (n.name === 'try') {
    for (const a of n.args) {
      const v = tryEval(a, scope);
      if (v !== undefined) return v;
    }
    throw new TfEvalError('try(): no argument could be evaluated');
  }
  if (n.name === 'can') {
    const v = tryEval(n.args[0], scope);
    return v === undefined ? false : isUnknown(v) ? UNKNOWN : true;
  }
  let args = n.args.map((a) => evaluate(a, scope));
  if (n.expand) {
    const last = args[args.length - 1];
    if (isUnknown(last)) return UNKNOWN;
    args = [...args.slice(0, -1), ...(isList(last) ? last : isObject(last) ? Object.values(last) : [last])];
  }
  switch (n.name) {
    case 'file': {
      const p = pathArg(args[0], 'file');
      if (p === null) return UNKNOWN;
      const full = resolve(root, p);
      if (!existsSync(full)) throw new TfEvalError(`file(): no file exists at ${relative(root, full) || full}`);
      return readFileSync(full, 'utf8');
    }
    case 'fileexists': {
      const p = pathArg(args[0], 'fileexists');
      return p === null ? UNKNOWN : existsSync(resolve(root, p));
    }
    case 'fileset': {
      const p = pathArg(args[0], 'fileset');
      const g = pathArg(args[1], 'fileset');
      if (p === null || g === null) return UNKNOWN;
      const re = globToRegExp(g);
      return listFiles(resolve(root, p)).filter((f) => re.test(f));
    }
    case 'abspath': {
      const p = pathArg(args[0], 'abspath');
      return p === null ? UNKNOWN : resolve(root, p);
    }
    case 'dirname': {
      const p = pathArg(args[0], 'dirname');
      return p === null ? UNKNOWN : dirname(p);
    }
    case 'basename': {
      const p = pathArg(args[0], 'basename');
      return p === null ? UNKNOWN : basename(p);
    }
    case 'pathexpand':
      return args[0];
    case 'templatefile':
      return templatefile(args[0], args[1], scope);
  }
  if (UNKNOWN_FUNCTIONS.has(n.name) || n.name.includes('::')) return UNKNOWN;
  const fn = FUNCTIONS[n.name];
  if (!fn) return UNKNOWN;
  return fn(args);
}

function templatefile(pathV: Value, varsV: Value, scope: Scope): Value {
  const p = pathArg(pathV, 'templatefile');
  if (p === null) return UNKNOWN;
  const full = resolve(scope.module.rootDir, p);
  const provided = isObject(varsV) ? Object.keys(varsV) : null;
  if (!existsSync(full)) {
    scope.module.onTemplatefile({ path: full, exists: false, placeholders: [], provided });
    throw new TfEvalError(`templatefile(): no file exists at ${relative(scope.module.rootDir, full)}`);
  }
  let node: Node;
  try {
    node = parseTemplate(readFileSync(full, 'utf8'));
  } catch (err) {
    if (!(err instanceof HclSyntaxError)) throw err;
    scope.module.onTemplatefile({ path: full, exists: true, placeholders: [], provided, syntaxError: err.message });
    throw new TfEvalError(`templatefile(${relative(scope.module.rootDir, full)}): not a valid template: ${err.message}`);
  }
  const placeholders = [...new Set(collectReferences(node).map((r) => r.root))].sort();
  scope.module.onTemplatefile({ path: full, exists: true, placeholders, provided });
  if (isUnknown(varsV)) return UNKNOWN;
  if (!isObject(varsV)) throw new TfEvalError(`templatefile(): vars must be a map, got ${typeName(varsV)}`);
  const missing = placeholders.filter((ph) => !(ph in varsV));
  if (missing.length)
    throw new TfEvalError(`templatefile(${relative(scope.module.rootDir, full)}): vars map does not contain key ${missing.map((m) => `"${m}"`).join(', ')}`);
  return evaluate(node, { module: scope.module, vars: new Map(Object.entries(varsV)), templateOnly: true });
}
