// The workspace as pnpm sees it (pnpm-workspace.yaml globs of the form dir/*), read without
// dependencies so both the bundle's build and the unbundled CLI can use it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** Every workspace package: { name, dir, manifest }. */
export function workspacePackages(root = REPO_ROOT) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:\s+-\s.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s+["']?([\w./-]+?)\/\*["']?\s*$/gm)].map((m) => m[1]);
  const out = [];
  for (const parent of globs) {
    const base = join(root, parent);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base).sort()) {
      const file = join(base, entry, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      out.push({ name: manifest.name, dir: join(base, entry), manifest });
    }
  }
  return out;
}

/** The file a package's "." export (or main) points at. */
export function entryOf(pkg) {
  const dot = pkg.manifest.exports?.['.'];
  const rel = (typeof dot === 'string' ? dot : (dot?.import ?? dot?.default)) ?? pkg.manifest.main ?? './src/index.ts';
  return resolve(pkg.dir, rel);
}

/** Registration files: packages whose package.json has "medallion": {"pipeline": "./src/pipeline.ts"}. */
export function pipelineRegistrations(root = REPO_ROOT) {
  return workspacePackages(root)
    .filter((p) => typeof p.manifest.medallion?.pipeline === 'string')
    .map((p) => ({ packageName: p.name, file: resolve(p.dir, p.manifest.medallion.pipeline) }));
}

/**
 * Command files of packages that are not pipelines: "medallion": {"commands": "./src/commands.ts"},
 * a module exporting `commands` (name → { usage, run }), e.g. `lake api serve`.
 */
export function commandRegistrations(root = REPO_ROOT) {
  return workspacePackages(root)
    .filter((p) => typeof p.manifest.medallion?.commands === 'string')
    .map((p) => ({ packageName: p.name, file: resolve(p.dir, p.manifest.medallion.commands) }));
}

/** Newest modification time (ms) of the sources a bundle of the CLI is built from. */
export function newestSourceMtime(root = REPO_ROOT) {
  let newest = statSync(join(root, 'pnpm-workspace.yaml')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const pkg of workspacePackages(root)) {
    newest = Math.max(newest, statSync(join(pkg.dir, 'package.json')).mtimeMs);
    if (existsSync(join(pkg.dir, 'src'))) walk(join(pkg.dir, 'src'));
  }
  walk(join(root, 'packages/cli/bin'));
  return newest;
}
