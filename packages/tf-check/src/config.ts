/** A Terraform module directory, parsed with @cdktf/hcl2json into blocks with file and line. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };

export interface Block {
  kind: 'resource' | 'data' | 'module' | 'variable' | 'output' | 'provider' | 'terraform' | 'local';
  /** resource/data: [type, name]; module/variable/output/local/provider: [name]. */
  labels: string[];
  body: Body;
  file: string;
  line: number;
}

export interface ModuleConfig {
  dir: string;
  files: { path: string; text: string }[];
  variables: Map<string, Block>;
  locals: Map<string, Block>;
  outputs: Map<string, Block>;
  modules: Map<string, Block>;
  /** Keyed "type.name". */
  resources: Map<string, Block>;
  /** Keyed "type.name". */
  data: Map<string, Block>;
  providers: Block[];
  terraform: Block[];
  /** Values from terraform.tfvars (root modules). */
  tfvars: Body | null;
  problems: { file: string; line: number; message: string }[];
}

// hcl2json runs in WebAssembly: parse each distinct file text once per process.
const parsed = new Map<string, Promise<Record<string, Json>>>();
function parseCached(path: string, text: string): Promise<Record<string, Json>> {
  let p = parsed.get(text);
  if (!p) {
    p = parse(path, text) as Promise<Record<string, Json>>;
    parsed.set(text, p);
    p.catch(() => parsed.delete(text));
  }
  return p;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function lineOf(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}

function headerLine(text: string, kind: string, labels: string[]): number {
  const quoted = labels.map((l) => `"${escapeRe(l)}"`).join('\\s+');
  return lineOf(text, new RegExp(`^\\s*${kind}\\s+${quoted}\\s*\\{`, 'm'));
}

/** Terraform files (*.tf) of a directory, not recursive, in name order. */
export function terraformFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tf') && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

export async function loadModule(dir: string): Promise<ModuleConfig> {
  const mod: ModuleConfig = {
    dir,
    files: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    modules: new Map(),
    resources: new Map(),
    data: new Map(),
    providers: [],
    terraform: [],
    tfvars: null,
    problems: [],
  };
  const add = (map: Map<string, Block>, key: string, block: Block, what: string) => {
    const prior = map.get(key);
    if (prior) mod.problems.push({ file: block.file, line: block.line, message: `${what} "${key}" is declared twice (also ${prior.file}:${prior.line})` });
    else map.set(key, block);
  };
  for (const path of terraformFiles(dir)) {
    const text = readFileSync(path, 'utf8');
    mod.files.push({ path, text });
    let json: Record<string, Json>;
    try {
      json = structuredClone(await parseCached(path, text));
    } catch (err) {
      mod.problems.push({
        file: path,
        line: Number(/:(\d+),/.exec(String((err as Error).message))?.[1] ?? 1),
        message: `does not parse: ${(err as Error).message}`,
      });
      continue;
    }
    for (const [kind, content] of Object.entries(json)) {
      if (kind === 'resource' || kind === 'data') {
        for (const [type, byName] of Object.entries(content as Record<string, Record<string, Body[]>>)) {
          for (const [name, bodies] of Object.entries(byName)) {
            const block: Block = { kind, labels: [type, name], body: bodies[0], file: path, line: headerLine(text, kind, [type, name]) };
            add(kind === 'resource' ? mod.resources : mod.data, `${type}.${name}`, block, kind);
          }
        }
      } else if (kind === 'module' || kind === 'variable' || kind === 'output') {
        const map = kind === 'module' ? mod.modules : kind === 'variable' ? mod.variables : mod.outputs;
        for (const [name, bodies] of Object.entries(content as Record<string, Body[]>)) {
          add(map, name, { kind, labels: [name], body: bodies[0], file: path, line: headerLine(text, kind, [name]) }, kind);
        }
      } else if (kind === 'locals') {
        for (const body of content as Body[]) {
          for (const [name, value] of Object.entries(body)) {
            add(
              mod.locals,
              name,
              { kind: 'local', labels: [name], body: { value }, file: path, line: lineOf(text, new RegExp(`^\\s*${escapeRe(name)}\\s*=`, 'm')) },
              'local',
            );
          }
        }
      } else if (kind === 'provider') {
        for (const [name, bodies] of Object.entries(content as Record<string, Body[]>)) {
          for (const body of bodies) mod.providers.push({ kind: 'provider', labels: [name], body, file: path, line: headerLine(text, 'provider', [name]) });
        }
      } else if (kind === 'terraform') {
        for (const body of content as Body[]) mod.terraform.push({ kind: 'terraform', labels: [], body, file: path, line: lineOf(text, /^terraform\s*\{/m) });
      }
    }
  }
  const tfvars = join(dir, 'terraform.tfvars');
  if (existsSync(tfvars)) {
    try {
      mod.tfvars = structuredClone(await parseCached(tfvars, readFileSync(tfvars, 'utf8'))) as Body;
    } catch (err) {
      mod.problems.push({ file: tfvars, line: 1, message: `does not parse: ${(err as Error).message}` });
    }
  }
  return mod;
}

/** A .tfvars file's values, or why it does not parse. */
export async function loadTfvars(path: string): Promise<{ body: Body | null; problem?: string }> {
  try {
    return { body: structuredClone(await parseCached(path, readFileSync(path, 'utf8'))) as Body };
  } catch (err) {
    return { body: null, problem: `does not parse: ${(err as Error).message}` };
  }
}

/** Every directory under root holding .tf files (skipping .terraform caches). */
export function moduleDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort();
    if (names.some((n) => n.endsWith('.tf'))) out.push(dir);
    for (const n of names) {
      if (n.startsWith('.') || n === 'node_modules') continue;
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

/** Meta-arguments of module blocks (everything else is an input variable). */
export const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
/** Meta-arguments and blocks of resources and data sources that are not provider schema. */
export const RESOURCE_META = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);
