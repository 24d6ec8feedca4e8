/**
 * One function's handler as a single ESM file (index.mjs + index.mjs.map) for Lambda.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ENTRY_FILE, EXTERNAL_PACKAGE_FILTER, NODE_TARGET } from './config';

/**
 * CommonJS dependencies bundled into ESM still call require() (for Node built-ins), and read
 * __filename/__dirname: define them once at the top. Aliased imports so they cannot collide
 * with names in the bundle.
 */
export const CJS_SHIM_BANNER = [
  "import { createRequire as __medallionCreateRequire } from 'node:module';",
  "import { fileURLToPath as __medallionFileURLToPath } from 'node:url';",
  "import { dirname as __medallionDirname } from 'node:path';",
  'const require = __medallionCreateRequire(import.meta.url);',
  'const __filename = __medallionFileURLToPath(import.meta.url);',
  'const __dirname = __medallionDirname(__filename);',
].join('\n');

export interface BundleResult {
  code: Uint8Array;
  map: Uint8Array;
  metafile: esbuild.Metafile;
  /** Packages imported by the bundle that must ship under node_modules/ (name → directory the import was resolved from). */
  externals: Map<string, string>;
  warnings: string[];
}

export const packageNameOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

const BUILTINS = new Set(builtinModules);
export const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);

export function entryPointOf(folder: string): string {
  return join('functions', folder, 'src', 'index.ts');
}

export async function bundleFunction(root: string, folder: string): Promise<BundleResult> {
  const resolvedFrom = new Map<string, string>();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entryPointOf(folder)],
    // Never written (write: false). Placing it at the repository root makes the source map's
    // paths repository-relative ("functions/…", "packages/…", "node_modules/…"): the same
    // bytes whatever --out is.
    outfile: join(root, ENTRY_FILE),
    write: false,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    // ESM builds of dependencies (the AWS SDK ships dist-es) tree-shake better than their CJS.
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    // Error classes and DuckDB value detection use constructor names; Step Functions matches
    // error names. Keep them through minification.
    keepNames: true,
    charset: 'utf8',
    sourcemap: 'linked',
    // Stack traces need the mappings, not the sources: keeps the map small.
    sourcesContent: false,
    banner: { js: CJS_SHIM_BANNER },
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'medallion-native-externals',
        setup(build) {
          build.onResolve({ filter: EXTERNAL_PACKAGE_FILTER }, (args) => {
            resolvedFrom.set(packageNameOf(args.path), args.resolveDir);
            // sideEffects: false lets an import nobody uses disappear, so functions that only
            // reach DuckDB through a barrel export do not ship it.
            return { path: args.path, external: true, sideEffects: false };
          });
        },
      },
    ],
  });
  if (result.errors.length) throw new Error(`esbuild failed for ${folder}:\n${result.errors.map((e) => e.text).join('\n')}`);

  const code = result.outputFiles.find((f) => f.path.endsWith(ENTRY_FILE));
  const map = result.outputFiles.find((f) => f.path.endsWith(`${ENTRY_FILE}.map`));
  if (!code || !map) throw new Error(`esbuild produced no ${ENTRY_FILE} (+ .map) for ${folder}`);

  // What the output still imports at runtime: built-ins, and the declared externals.
  const externals = new Map<string, string>();
  const unexpected: string[] = [];
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external || isBuiltin(imp.path)) continue;
      const name = packageNameOf(imp.path);
      const from = resolvedFrom.get(name);
      if (from === undefined) unexpected.push(`${imp.path} (${imp.kind})`);
      else externals.set(name, from);
    }
  }
  if (unexpected.length) throw new Error(`${folder}: the bundle imports packages that are neither bundled nor shipped: ${unexpected.join(', ')}`);

  return {
    code: code.contents,
    map: map.contents,
    metafile: result.metafile,
    externals,
    warnings: result.warnings.map((w) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`),
  };
}
