/**
 * Checks of one module's text, no evaluation: references resolve, variables are typed and
 * described, module calls match the called module's variables and outputs.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { MODULE_META, terraformFiles, type Block, type Json, type ModuleConfig } from './config';
import type { Finding } from './findings';
import { localSource } from './instances';
import { HclSyntaxError } from './lexer';
import { parseTemplate } from './parser';
import { collectReferences, type Reference } from './refs';
import { isTypeExpression } from './types';

const ALWAYS = new Set(['path', 'terraform', 'self']);

interface ScanContext {
  bound: ReadonlySet<string>;
  each: boolean;
  count: boolean;
  /** Inside a variable block: the only variable it may refer to (required_version >= 1.6). */
  onlyVar?: string;
}

/** Keys whose values are not expressions over references. */
function skipKey(block: Block, key: string, depth: number): boolean {
  if (depth === 0 && block.kind === 'variable' && key === 'type') return true;
  if (depth === 0 && block.kind === 'module' && (key === 'source' || key === 'version' || key === 'providers')) return true;
  if (depth === 0 && (block.kind === 'resource' || block.kind === 'data') && key === 'provider') return true;
  return key === 'ignore_changes';
}

export function checkModuleStatic(mod: ModuleConfig, configs: { get(dir: string): ModuleConfig | undefined }, repoRoot: string): Finding[] {
  const out: Finding[] = [];
  const rel = (f: string) => relative(repoRoot, f);
  const add = (rule: string, b: { file: string; line: number }, message: string) => out.push({ rule, file: rel(b.file), line: b.line, message });

  for (const p of mod.problems)
    out.push({ rule: p.message.startsWith('does not parse') ? 'syntax' : 'duplicate', file: rel(p.file), line: p.line, message: p.message });

  const checkRef = (r: Reference, ctx: ScanContext, b: Block) => {
    const [first, second, third] = r.steps;
    const where = `${b.kind} ${b.labels.join('.')}`;
    if (ctx.bound.has(r.root) || ALWAYS.has(r.root)) return;
    switch (r.root) {
      case 'var':
        if (first && !mod.variables.has(first)) add('reference', b, `${where}: var.${first} is not declared`);
        else if (first && ctx.onlyVar && first !== ctx.onlyVar)
          add(
            'reference',
            b,
            `${where}: validation refers to var.${first}; before Terraform 1.9 a validation may use only its own variable (use a precondition)`,
          );
        return;
      case 'local':
        if (first && !mod.locals.has(first)) add('reference', b, `${where}: local.${first} is not declared`);
        return;
      case 'each':
        if (!ctx.each) add('reference', b, `${where}: each.${first ?? ''} used in a block without for_each`);
        return;
      case 'count':
        if (!ctx.count) add('reference', b, `${where}: count.${first ?? ''} used in a block without count`);
        return;
      case 'data':
        if (first && second && !mod.data.has(`${first}.${second}`)) add('reference', b, `${where}: data.${first}.${second} is not declared`);
        return;
      case 'module': {
        if (!first) return;
        const call = mod.modules.get(first);
        if (!call) {
          add('reference', b, `${where}: module.${first} is not declared`);
          return;
        }
        const output = second === '[]' ? third : second;
        const src = localSource(mod, call);
        const child = src ? configs.get(src) : undefined;
        if (output && output !== '[]' && child && !child.outputs.has(output))
          add('module-output', b, `${where}: module.${first} has no output "${output}" (${rel(child.dir)}/outputs.tf)`);
        return;
      }
      default:
        if (first && first !== '[]') {
          if (mod.resources.has(`${r.root}.${first}`)) return;
          if (/^[a-z0-9]+_[a-z0-9_]+$/.test(r.root)) add('reference', b, `${where}: ${r.root}.${first} is not declared`);
          else add('reference', b, `${where}: unknown name "${r.root}" in ${r.root}.${first}`);
        } else if (r.steps.length === 0 || first === '[]') {
          add('reference', b, `${where}: unknown name "${r.root}"`);
        }
    }
  };

  const scan = (json: Json | undefined, ctx: ScanContext, b: Block, depth: number) => {
    if (typeof json === 'string') {
      let refs: Reference[];
      try {
        refs = collectReferences(parseTemplate(json));
      } catch (err) {
        if (!(err instanceof HclSyntaxError)) throw err;
        add('syntax', b, `${b.kind} ${b.labels.join('.')}: ${err.message}`);
        return;
      }
      for (const r of refs) checkRef(r, ctx, b);
      return;
    }
    if (Array.isArray(json)) {
      for (const j of json) scan(j, ctx, b, depth + 1);
      return;
    }
    if (json === null || typeof json !== 'object') return;
    for (const [key, value] of Object.entries(json)) {
      if (skipKey(b, key, depth)) continue;
      if (key === 'dynamic' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [type, defs] of Object.entries(value)) {
          for (const def of defs as { [k: string]: Json }[]) {
            scan(def.for_each, ctx, b, depth + 1);
            const iterator = typeof def.iterator === 'string' ? def.iterator : type;
            scan(def.content, { ...ctx, bound: new Set([...ctx.bound, iterator]) }, b, depth + 1);
          }
        }
        continue;
      }
      scan(value, ctx, b, depth + 1);
    }
  };

  const blocks: Block[] = [
    ...mod.variables.values(),
    ...mod.locals.values(),
    ...mod.outputs.values(),
    ...mod.modules.values(),
    ...mod.resources.values(),
    ...mod.data.values(),
    ...mod.providers,
  ];
  for (const b of blocks) {
    const ctx: ScanContext = {
      bound: new Set(),
      each: b.body.for_each !== undefined,
      count: b.body.count !== undefined,
      onlyVar: b.kind === 'variable' ? b.labels[0] : undefined,
    };
    scan(b.body, ctx, b, 0);
  }

  for (const [name, v] of mod.variables) {
    let typeOk = false;
    try {
      typeOk = typeof v.body.type === 'string' && isTypeExpression(parseTemplate(v.body.type));
    } catch {
      typeOk = false;
    }
    if (!typeOk) add('variable-type', v, `variable "${name}" has ${v.body.type === undefined ? 'no type' : `an invalid type ${JSON.stringify(v.body.type)}`}`);
    if (typeof v.body.description !== 'string' || v.body.description.trim() === '') add('variable-description', v, `variable "${name}" has no description`);
  }
  for (const [name, o] of mod.outputs) {
    if (typeof o.body.description !== 'string' || o.body.description.trim() === '') add('output-description', o, `output "${name}" has no description`);
  }

  for (const [name, call] of mod.modules) {
    const src = localSource(mod, call);
    if (!src) continue;
    if (!existsSync(src) || terraformFiles(src).length === 0) {
      add('module-source', call, `module "${name}": source ${String(call.body.source)} has no .tf files`);
      continue;
    }
    const child = configs.get(src);
    if (!child) continue;
    for (const arg of Object.keys(call.body)) {
      if (!MODULE_META.has(arg) && !child.variables.has(arg)) add('module-input', call, `module "${name}": ${rel(child.dir)} has no variable "${arg}"`);
    }
    for (const [vname, v] of child.variables) {
      if (!('default' in v.body) && !(vname in call.body))
        add('module-input', call, `module "${name}": required variable "${vname}" of ${rel(child.dir)} is not passed`);
    }
  }
  return out;
}
