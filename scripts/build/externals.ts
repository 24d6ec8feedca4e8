/**
 * The packages shipped unbundled (native bindings) and everything they load at runtime, found
 * the way Node finds them in the pnpm store, filtered to the Lambda platform, and laid out flat
 * under node_modules/ in the zip.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { EXCLUDED_PACKAGE_FILE, REQUIRED_PLATFORM_PACKAGES, type PlatformTarget } from './config';

export interface RuntimePackage {
  name: string;
  version: string;
  /** Real directory of the installed package. */
  dir: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

const readPackageJson = (dir: string): PackageJson => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** Node's lookup: <dir>/node_modules/<name>, then the same from each parent directory. */
export function findPackageDir(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return null;
  }
}

/** npm's os/cpu/libc fields: allow-lists, or "!value" deny-lists. */
function fieldAllows(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const allowed = list.filter((v) => !v.startsWith('!'));
  return allowed.length === 0 || allowed.includes(value);
}

export function runsOn(pkg: PackageJson, target: PlatformTarget): boolean {
  return fieldAllows(pkg.os, target.os) && fieldAllows(pkg.cpu, target.cpu) && (target.os !== 'linux' || fieldAllows(pkg.libc, target.libc));
}

/**
 * The runtime closure of `roots` (package name → directory its import was resolved from):
 * dependencies must be installed; optional dependencies are taken when installed and built for
 * the target platform (so the linux-x64 glibc binding, never a musl or darwin one).
 */
export function collectRuntimePackages(roots: Map<string, string>, target: PlatformTarget): RuntimePackage[] {
  const byName = new Map<string, RuntimePackage>();
  const queue: { name: string; from: string; optional: boolean; requiredBy: string }[] = [...roots].map(([name, from]) => ({
    name,
    from,
    optional: false,
    requiredBy: 'the bundle',
  }));
  while (queue.length) {
    const { name, from, optional, requiredBy } = queue.shift()!;
    const dir = findPackageDir(name, from);
    if (!dir) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${requiredBy}) is not installed: run pnpm install`);
    }
    const pkg = readPackageJson(dir);
    if (!runsOn(pkg, target)) {
      if (optional) continue;
      throw new Error(`${name} (needed by ${requiredBy}) does not run on ${target.os}-${target.cpu}-${target.libc}`);
    }
    const version = pkg.version ?? '0.0.0';
    const seen = byName.get(name);
    if (seen) {
      if (seen.version !== version) throw new Error(`two versions of ${name} are needed (${seen.version} and ${version}); node_modules/ in the zip is flat`);
      continue;
    }
    byName.set(name, { name, version, dir });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false, requiredBy: name });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true, requiredBy: name });
  }
  for (const [pkg, platformPkg] of Object.entries(REQUIRED_PLATFORM_PACKAGES)) {
    if (byName.has(pkg) && !byName.has(platformPkg)) {
      throw new Error(
        `${pkg} is shipped but ${platformPkg} (its ${target.os}-${target.cpu} binary) is not installed. ` +
          `pnpm installs only the host's optional binaries: add to pnpm-workspace.yaml\n` +
          `  supportedArchitectures:\n    os: [current, linux]\n    cpu: [current, x64]\n    libc: [current, glibc]\n` +
          'and run pnpm install again.',
      );
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface FileRef {
  /** Path inside the zip, "/"-separated. */
  zipPath: string;
  /** File on disk. */
  file: string;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...(await walk(full)));
    } else if (entry.isFile() || entry.isSymbolicLink()) out.push(full);
  }
  return out;
}

/** A package's runtime files as node_modules/<name>/… entries (declarations, docs and maps left out). */
export async function packageFiles(pkg: RuntimePackage): Promise<FileRef[]> {
  const files = await walk(pkg.dir);
  return files
    .map((file) => ({ file, rel: relative(pkg.dir, file).split(sep).join('/') }))
    .filter(({ rel }) => rel === 'package.json' || !EXCLUDED_PACKAGE_FILE.test(rel))
    .map(({ file, rel }) => ({ zipPath: `node_modules/${pkg.name}/${rel}`, file }));
}
