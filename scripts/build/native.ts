/**
 * Compiled addons (NATIVE_ADDONS) in the zips: which bundles need one, building it once per build for Lambda's
 * platform, and the checks that it can load there (an x86-64 ELF needing no glibc newer than Lambda's).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LAMBDA_MAX_GLIBC, LAMBDA_PLATFORM, NATIVE_ADDONS, type NativeAddon, type PlatformTarget } from './config';

const run = promisify(execFile);

/** The addons whose loading module is among a bundle's inputs (esbuild metafile paths, repository-relative). */
export function addonsFor(inputs: Iterable<string>): NativeAddon[] {
  const have = new Set(inputs);
  return NATIVE_ADDONS.filter((a) => have.has(a.module));
}

/** The host as a PlatformTarget: glibc when Node reports a glibc runtime (musl builds report none). */
export function hostPlatform(): PlatformTarget {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return { os: process.platform, cpu: process.arch, libc: header?.glibcVersionRuntime ? 'glibc' : 'musl' };
}

const sameTarget = (a: PlatformTarget, b: PlatformTarget): boolean => a.os === b.os && a.cpu === b.cpu && a.libc === b.libc;
const describeTarget = (t: PlatformTarget): string => `${t.os}-${t.cpu}-${t.libc}`;

/** `GLIBC_x.y[.z]` version references in a binary (its .gnu.version_r names), sorted, distinct. */
export function glibcVersionsNeeded(binary: Uint8Array): string[] {
  const text = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString('latin1');
  const found = new Set([...text.matchAll(/GLIBC_(\d+\.\d+(?:\.\d+)?)(?![\d.])/g)].map((m) => m[1]));
  return [...found].sort(compareVersions);
}

export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** ELF e_machine of each Node arch we target. */
const ELF_MACHINE: Record<string, number> = { x64: 0x3e, arm64: 0xb7 };

/** Why this binary cannot load on `target` (not a 64-bit little-endian ELF for its CPU, or glibc too new), or null. */
export function addonProblem(binary: Uint8Array, target: PlatformTarget = LAMBDA_PLATFORM, maxGlibc = LAMBDA_MAX_GLIBC): string | null {
  const b = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength);
  if (b.length < 20 || b.readUInt32BE(0) !== 0x7f454c46) return 'not an ELF shared object';
  // EI_CLASS 2 = 64-bit, EI_DATA 1 = little-endian; e_machine at offset 18.
  if (b[4] !== 2 || b[5] !== 1 || b.readUInt16LE(18) !== ELF_MACHINE[target.cpu]) return `not a 64-bit ELF for ${target.cpu}`;
  const tooNew = glibcVersionsNeeded(binary).filter((v) => compareVersions(v, maxGlibc) > 0);
  return tooNew.length ? `needs GLIBC_${tooNew.join(', GLIBC_')}, newer than the target's ${maxGlibc}` : null;
}

export interface BuiltAddon {
  addon: NativeAddon;
  /** The compiled file, when it could be built for the target here. */
  data?: Uint8Array;
  /** Why it is not shipped (the bundle's JS fallback runs instead). */
  warning?: string;
  /** Why the build must fail (built, but it cannot load on the target). */
  error?: string;
}

/**
 * Compile an addon for Lambda into `<dir>/<file>` with its build script (same compiler flags as `make install`).
 * Only on a host of Lambda's platform: a cross-compiled addon is not something the build script does.
 */
export async function buildAddon(root: string, addon: NativeAddon, dir: string, host = hostPlatform()): Promise<BuiltAddon> {
  if (!sameTarget(host, LAMBDA_PLATFORM))
    return { addon, warning: `${addon.file} not shipped: it is built for the host (${describeTarget(host)}), Lambda is ${describeTarget(LAMBDA_PLATFORM)}` };
  await mkdir(dir, { recursive: true });
  const out = join(dir, addon.file);
  await rm(out, { force: true });
  const { stdout, stderr } = await run(process.execPath, [join(root, addon.build), '--out', out], { cwd: root });
  // Without a compiler or Node's headers the script says so and exits 0: ship without it, say why.
  if (!existsSync(out)) return { addon, warning: `${addon.file} not shipped: ${(stderr || stdout).trim().split('\n')[0] || 'its build wrote nothing'}` };
  const data = await readFile(out);
  const problem = addonProblem(data);
  return problem ? { addon, error: `${addon.file}: ${problem}` } : { addon, data };
}

/** Each addon built once per `make build`, however many functions ship it. */
export function addonBuilder(root: string, dir: string): (addon: NativeAddon) => Promise<BuiltAddon> {
  const built = new Map<string, Promise<BuiltAddon>>();
  return (addon) => {
    let p = built.get(addon.file);
    if (!p) built.set(addon.file, (p = buildAddon(root, addon, dir)));
    return p;
  };
}
