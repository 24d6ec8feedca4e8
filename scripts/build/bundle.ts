/**
 * One function's handler as a single ESM file (index.mjs + index.mjs.map) for Lambda.
 */
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ENTRY_FILE, EXTERNAL_PACKAGE_FILTER, FUNCTION_TASK_ENTRIES, type NativeAddon, NODE_TARGET } from './config';
import { addonsFor } from './native';

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
  /** Process entries bundled beside the handler (FUNCTION_TASK_ENTRIES), with their maps: zip path → bytes. */
  extraFiles: { path: string; data: Uint8Array }[];
  /** Compiled addons the handler or the task entry loads from beside itself (NATIVE_ADDONS). */
  addons: NativeAddon[];
}

export const packageNameOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

const BUILTINS = new Set(builtinModules);

/**
 * Optional requires a dependency makes only on a path our code never takes, left unresolved:
 * pg-native (node-postgres loads it only when `pg.native` is read; ohlcv-steps uses the pure-JS client).
 */
const OPTIONAL_REQUIRES = new Set(['pg-native']);
export const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);

export function entryPointOf(folder: string): string {
  return join('functions', folder, 'src', 'index.ts');
}

/** Where esbuild pretends to write (write: false): outputs are <VIRTUAL_OUT>/<folder>/index.mjs. */
const VIRTUAL_OUT = '.medallion-bundle';

/**
 * Source paths in the map relative to the repository ("functions/…", "packages/…",
 * "node_modules/…") instead of to the virtual output folder: the same bytes whatever --out is.
 */
function repoRelativeMap(map: Uint8Array, file = ENTRY_FILE): Uint8Array {
  const json = JSON.parse(Buffer.from(map).toString('utf8')) as { sources: string[]; file?: string };
  json.sources = json.sources.map((s) => s.replace(/^(\.\.\/){2}/, ''));
  json.file = file;
  return Buffer.from(JSON.stringify(json));
}

/**
 * Bundle several functions in one esbuild run: modules they share (the AWS SDK, Powertools,
 * the workspace packages) are parsed once, which on a 2-core runner is 3-4x faster than one
 * build per function. Each output is still a self-contained bundle (no code splitting).
 */
export async function bundleFunctions(root: string, folders: string[]): Promise<Map<string, BundleResult>> {
  const resolvedFrom = new Map<string, string>();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries([
      ...folders.map((f) => [`${f}/index`, entryPointOf(f)]),
      ...folders
        .filter((f) => FUNCTION_TASK_ENTRIES[f])
        .map((f) => [`${f}/${FUNCTION_TASK_ENTRIES[f].file.replace(/\.mjs$/, '')}`, FUNCTION_TASK_ENTRIES[f].entry]),
    ]),
    outdir: join(root, VIRTUAL_OUT),
    outExtension: { '.js': '.mjs' },
    write: false,
    bundle: true,
    splitting: false,
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
  if (result.errors.length) throw new Error(`esbuild failed:\n${result.errors.map((e) => e.text).join('\n')}`);
  const describe = (w: esbuild.Message) => `${w.location ? `${w.location.file}:${w.location.line}: ` : ''}${w.text}`;

  const bundles = new Map<string, BundleResult>();
  for (const folder of folders) {
    const outRel = `${VIRTUAL_OUT}/${folder}/${ENTRY_FILE}`;
    const code = result.outputFiles.find((f) => f.path === join(root, outRel));
    const map = result.outputFiles.find((f) => f.path === join(root, `${outRel}.map`));
    const output = result.metafile.outputs[outRel];
    if (!code || !map || !output) throw new Error(`esbuild produced no ${ENTRY_FILE} (+ .map) for ${folder}`);

    // What the outputs still import at runtime: built-ins, and the declared externals.
    const externals = new Map<string, string>();
    collectExternals(folder, output, resolvedFrom, externals);
    const extraFiles: { path: string; data: Uint8Array }[] = [];
    const sources = Object.keys(output.inputs);
    const task = FUNCTION_TASK_ENTRIES[folder];
    if (task) {
      const taskRel = `${VIRTUAL_OUT}/${folder}/${task.file}`;
      const taskCode = result.outputFiles.find((f) => f.path === join(root, taskRel));
      const taskMap = result.outputFiles.find((f) => f.path === join(root, `${taskRel}.map`));
      if (!taskCode || !taskMap || !result.metafile.outputs[taskRel]) throw new Error(`esbuild produced no ${task.file} (+ .map) for ${folder}`);
      collectExternals(folder, result.metafile.outputs[taskRel], resolvedFrom, externals);
      sources.push(...Object.keys(result.metafile.outputs[taskRel].inputs));
      extraFiles.push({ path: task.file, data: taskCode.contents }, { path: `${task.file}.map`, data: repoRelativeMap(taskMap.contents, task.file) });
    }

    const inputs = new Set(Object.keys(output.inputs));
    bundles.set(folder, {
      code: code.contents,
      map: repoRelativeMap(map.contents),
      metafile: {
        inputs: Object.fromEntries(Object.entries(result.metafile.inputs).filter(([k]) => inputs.has(k))),
        outputs: { [`${folder}/${ENTRY_FILE}`]: output },
      },
      externals,
      // Warnings are per build; keep those about files this function includes.
      warnings: result.warnings.filter((w) => !w.location || inputs.has(w.location.file)).map(describe),
      extraFiles,
      addons: addonsFor(sources),
    });
  }
  return bundles;
}

/** Add the packages an output imports at runtime to `externals`; anything neither bundled nor shipped is an error. */
function collectExternals(
  folder: string,
  output: esbuild.Metafile['outputs'][string],
  resolvedFrom: Map<string, string>,
  externals: Map<string, string>,
): void {
  const unexpected: string[] = [];
  for (const imp of output.imports) {
    if (!imp.external || isBuiltin(imp.path) || (imp.kind === 'require-call' && OPTIONAL_REQUIRES.has(imp.path))) continue;
    const name = packageNameOf(imp.path);
    const from = resolvedFrom.get(name);
    if (from === undefined) unexpected.push(`${imp.path} (${imp.kind})`);
    else externals.set(name, from);
  }
  if (unexpected.length) throw new Error(`${folder}: the bundle imports packages that are neither bundled nor shipped: ${unexpected.join(', ')}`);
}
