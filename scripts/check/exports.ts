/**
 * Public-API check: every export of a workspace package's `src/index.ts` must be imported by some OTHER
 * workspace member (another package, a function, or the root's scripts/infra tests). A package's own tests
 * import internals by relative path, so they do not count (its examples/ do: they show the public API). Prints one `file:line: name` per unused export
 * and exits 1 when there is any.
 *
 * Why not knip: knip (run by `pnpm run check:deps`) treats a package entry's exports as used when the
 * package's own tests import them, and has no notion of "used by another workspace member". The parser is
 * @swc/core's (already here for jest), so this file only walks import/export declarations.
 *
 * Usage: pnpm run check:exports
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync } from '@swc/core';

/** A `src/index.ts` export nobody outside its package imports. */
export interface UnusedExport {
  file: string;
  line: number;
  name: string;
}

interface Member {
  name: string;
  dir: string;
  index?: string;
}

/** Entry points called by a runtime rather than imported: a Lambda function's handler. */
const RUNTIME_ENTRY_EXPORTS: Record<string, string[]> = { functions: ['handler'] };
const SOURCE_FILE = /\.(ts|mts|mjs|js)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.lake', '.local', '.bench', '.synthetic', '.git']);

type Node = Record<string, unknown> & { type: string };

function parse(file: string): Node[] {
  const src = readFileSync(file, 'utf8');
  return (parseSync(src, { syntax: 'typescript', target: 'es2022' }) as unknown as { body: Node[] }).body;
}

function value(node: unknown): string {
  return (node as { value: string }).value;
}

function workspaceMembers(root: string): Member[] {
  const members: Member[] = [];
  for (const group of ['packages', 'functions']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir).sort()) {
      const manifest = join(groupDir, entry, 'package.json');
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
      const index = join(groupDir, entry, 'src', 'index.ts');
      members.push({ name: pkg.name, dir: join(groupDir, entry), index: existsSync(index) ? index : undefined });
    }
  }
  return members;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') && entry.name !== '.ci') continue;
    if (SKIP_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function declaredNames(declaration: Node): string[] {
  if (declaration.type === 'VariableDeclaration') {
    return (declaration.declarations as Node[]).map((d) => value(d.id));
  }
  const id = (declaration.identifier ?? declaration.id) as unknown;
  return id ? [value(id)] : [];
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) if (existsSync(candidate)) return candidate;
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

/** Names a module exports, each with the file that declares the export (star re-exports expanded). */
function exportedNames(file: string, seen = new Set<string>()): Map<string, string> {
  const names = new Map<string, string>();
  if (seen.has(file)) return names;
  seen.add(file);
  for (const item of parse(file)) {
    if (item.type === 'ExportDeclaration') {
      for (const name of declaredNames(item.declaration as Node)) names.set(name, file);
    } else if (item.type === 'ExportNamedDeclaration') {
      for (const spec of item.specifiers as Node[]) {
        const exported = spec.exported ?? spec.orig ?? spec.name;
        names.set(value(exported), file);
      }
    } else if (item.type === 'ExportAllDeclaration') {
      for (const [name, from] of exportedNames(resolveRelative(file, value(item.source)), seen)) names.set(name, from);
    } else if (item.type === 'ExportDefaultDeclaration' || item.type === 'ExportDefaultExpression') {
      names.set('default', file);
    }
  }
  return names;
}

/** Per imported workspace package: the names imported, or '*' when the whole namespace is taken. */
function importsOf(file: string, members: Member[], into: Map<string, Set<string>>): void {
  const packageNames = new Set(members.map((m) => m.name));
  // A relative path into another member's src/index(.ts|.js) (infra/test does this) counts like its package name.
  const packageOf = (source: string) => {
    if (!source.startsWith('.')) return source;
    const target = resolve(dirname(file), source).replace(/\.(ts|js)$/, '');
    return members.find((m) => m.index && (target === m.index.replace(/\.ts$/, '') || target === dirname(m.index)))?.name ?? source;
  };
  const use = (specifier: string, name: string) => {
    const pkg = packageOf(specifier);
    if (!packageNames.has(pkg)) return;
    if (!into.has(pkg)) into.set(pkg, new Set());
    into.get(pkg)!.add(name);
  };
  const body = parse(file);
  for (const item of body) {
    const source = item.source ? value(item.source) : undefined;
    if (!source) continue;
    if (item.type === 'ImportDeclaration') {
      for (const spec of item.specifiers as Node[]) {
        if (spec.type === 'ImportNamespaceSpecifier') use(source, '*');
        else if (spec.type === 'ImportDefaultSpecifier') use(source, 'default');
        else use(source, value(spec.imported ?? spec.local));
      }
    } else if (item.type === 'ExportNamedDeclaration') {
      for (const spec of item.specifiers as Node[]) use(source, spec.type === 'ExportNamespaceSpecifier' ? '*' : value(spec.orig));
    } else if (item.type === 'ExportAllDeclaration') {
      use(source, '*');
    }
  }
  for (const { specifier, names } of dynamicImports(body)) for (const name of names) use(specifier, name);
}

/** The string argument of an `import('…')` call, if the node is one. */
function dynamicImportSource(node: unknown): string | undefined {
  const call = node as Node | undefined;
  if (call?.type !== 'CallExpression' || (call.callee as Node).type !== 'Import') return undefined;
  const arg = (call.arguments as { expression: Node }[])[0]?.expression;
  return arg?.type === 'StringLiteral' ? value(arg) : undefined;
}

/** Names a destructuring pattern takes (`{ a, b: c, d = 1 }`), or undefined when it may take anything (`...rest`). */
function destructuredNames(pattern: Node): string[] | undefined {
  if (pattern.type !== 'ObjectPattern') return undefined;
  const names: string[] = [];
  for (const prop of pattern.properties as Node[]) {
    const key = prop.key as Node | undefined;
    if (prop.type === 'RestElement' || key?.type !== 'Identifier') return undefined;
    names.push(value(key));
  }
  return names;
}

/**
 * Every `import('…')` with a literal specifier: `const { a, b } = await import('x')` takes a and b; any other use
 * (a namespace kept in a variable, `.then(…)`, a rest pattern) takes the whole namespace ('*').
 */
function dynamicImports(body: Node[]): { specifier: string; names: string[] }[] {
  const found: { specifier: string; names: string[] }[] = [];
  const destructured = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'VariableDeclarator' && (n.init as Node | undefined)?.type === 'AwaitExpression') {
      const call = (n.init as Node).argument;
      const specifier = dynamicImportSource(call);
      const names = specifier === undefined ? undefined : destructuredNames(n.id as Node);
      if (specifier !== undefined && names) {
        found.push({ specifier, names });
        destructured.add(call);
      }
    }
    const specifier = destructured.has(n) ? undefined : dynamicImportSource(n);
    if (specifier !== undefined) found.push({ specifier, names: ['*'] });
    for (const [key, child] of Object.entries(n)) if (key !== 'span') walk(child);
  };
  walk(body);
  return found;
}

function lineOf(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const word = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`);
  const at = lines.findIndex((l) => /\bexport\b/.test(l) && word.test(l));
  return (
    (at >= 0
      ? at
      : Math.max(
          0,
          lines.findIndex((l) => word.test(l)),
        )) + 1
  );
}

/** Every index export of every workspace package that no other workspace member imports. */
export function findUnusedExports(root: string): UnusedExport[] {
  const members = workspaceMembers(root);
  // A package's examples/ show its public API as an outside user would use it, so they count as another member.
  const ownerOf = (file: string) => {
    const member = members.find((m) => file.startsWith(`${m.dir}/`));
    if (!member) return '(root)';
    return file.startsWith(`${member.dir}/examples/`) ? `${member.name} (examples)` : member.name;
  };
  const importedBy = new Map<string, Map<string, Set<string>>>(); // importer member -> package -> names
  for (const file of sourceFiles(root)) {
    const owner = ownerOf(file);
    if (!importedBy.has(owner)) importedBy.set(owner, new Map());
    importsOf(file, members, importedBy.get(owner)!);
  }
  const unused: UnusedExport[] = [];
  for (const member of members) {
    if (!member.index) continue;
    const usedElsewhere = new Set<string>();
    for (const [importer, packages] of importedBy) {
      if (importer === member.name) continue;
      for (const name of packages.get(member.name) ?? []) usedElsewhere.add(name);
    }
    if (usedElsewhere.has('*')) continue;
    const group = relative(root, member.dir).split('/')[0];
    const runtimeEntries = new Set(RUNTIME_ENTRY_EXPORTS[group] ?? []);
    for (const [name, file] of exportedNames(member.index)) {
      if (usedElsewhere.has(name) || runtimeEntries.has(name)) continue;
      const at = file === member.index ? member.index : file;
      unused.push({ file: relative(root, at), line: lineOf(member.index === at ? member.index : file, name), name });
    }
  }
  return unused;
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  const root = resolve(process.argv[2] ?? '.');
  const unused = findUnusedExports(root);
  for (const u of unused) console.log(`${u.file}:${u.line}: ${u.name}`);
  if (unused.length > 0) {
    console.error(`${unused.length} export(s) of a src/index.ts used by no other workspace member: drop them from the index (tests import ../src/…).`);
    process.exit(1);
  }
  console.log('check:exports: every src/index.ts export is used by another workspace member');
}
