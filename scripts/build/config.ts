/**
 * What `make build` produces and for which runtime. Everything a reader needs to change when the
 * Lambda runtime, architecture or a native dependency changes lives in this file.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'dist', 'functions');

/** Lambda runtime the bundles target (Terraform: runtime = "nodejs22.x", architectures = ["x86_64"]). */
export const NODE_TARGET = 'node22';
export interface PlatformTarget {
  os: string;
  cpu: string;
  libc: 'glibc' | 'musl';
}
/** Lambda x86_64 runs Amazon Linux 2023 (glibc 2.34). */
export const LAMBDA_PLATFORM: PlatformTarget = { os: 'linux', cpu: 'x64', libc: 'glibc' };

/** The file Lambda loads: handler setting `index.handler`. */
export const ENTRY_FILE = 'index.mjs';

/**
 * Packages left out of the bundle and shipped as-is under node_modules/ in the zip: native
 * bindings (a .node file esbuild cannot bundle) and whatever they require at runtime. A bare
 * import of one of these is resolved by Node from /var/task/node_modules.
 */
export const EXTERNAL_PACKAGE_FILTER = /^@duckdb\//;

/**
 * A package whose platform-specific binary comes from an optional dependency: when the first is
 * shipped, the second must be too, or the function fails on its first cold start. pnpm installs
 * only the host's optional binaries, so building on a Mac needs `supportedArchitectures`.
 */
export const REQUIRED_PLATFORM_PACKAGES: Record<string, string> = {
  '@duckdb/node-bindings': `@duckdb/node-bindings-${LAMBDA_PLATFORM.os}-${LAMBDA_PLATFORM.cpu}`,
};

/**
 * Compiled Node-API addons a bundled module loads from beside itself (`new URL('./<file>', import.meta.url)`), so
 * they ship at the zip's root, next to index.mjs (/var/task/<file>). `module` is the source module that loads it:
 * a zip gets the addon only when its bundle contains that module. `build` compiles it for this host
 * (`node <build> --out <file>`): shipped only when the host is LAMBDA_PLATFORM, else the bundle's JS fallback runs.
 * `exports` are the functions verify expects it to have.
 */
export interface NativeAddon {
  module: string;
  file: string;
  build: string;
  exports: string[];
}
export const NATIVE_ADDONS: NativeAddon[] = [
  {
    module: 'packages/ndjson/src/native-scan.ts',
    file: 'row_scanner.node',
    build: 'packages/ndjson/native/build.mjs',
    exports: ['create', 'rowStart', 'copyRows'],
  },
];
/** Newest glibc symbol version a shipped binary may need: Amazon Linux 2023's glibc (Lambda nodejs22.x). */
export const LAMBDA_MAX_GLIBC = '2.34';

/** Files of shipped packages that are never needed at runtime. */
export const EXCLUDED_PACKAGE_FILE = /(^|\/)(node_modules\/|README(\.[a-z]+)?$|CHANGELOG(\.[a-z]+)?$)|\.(d\.ts|d\.mts|d\.cts|map|ts|mts|cts)$/i;

/** Extra files a function reads at runtime, copied into its zip. */
export interface Asset {
  /** Folder in the repository. */
  from: string;
  /** Which of its files (not recursive). */
  include: RegExp;
  /** Folder in the zip (relative to the task root, /var/task). */
  to: string;
}

export const FUNCTION_ASSETS: Record<string, Asset[]> = {
  // findChecksDir() walks up from $LAMBDA_TASK_ROOT (/var/task) and finds /var/task/soda/checks.
  'run-quality-checks': [{ from: 'soda/checks', include: /\.ya?ml$/, to: 'soda/checks' }],
};

/**
 * Process entries bundled beside a function's handler (same zip, same shipped packages): what a container runs
 * instead of Lambda. ndjson-convert's Fargate task runs `node task.mjs` (functions/ndjson-convert/Dockerfile).
 */
export const FUNCTION_TASK_ENTRIES: Record<string, { entry: string; file: string }> = {
  'ndjson-convert': { entry: 'functions/ndjson-convert/src/task.ts', file: 'task.mjs' },
};

/**
 * Functions also unpacked as a container image's build context (the zip's files, as they are), relative to the
 * build's output folder: `docker build -f functions/<name>/Dockerfile <out>/../images/<name>`.
 */
export const CONTAINER_IMAGES: Record<string, { dockerfile: string }> = {
  'ndjson-convert': { dockerfile: 'functions/ndjson-convert/Dockerfile' },
};

/**
 * Lambda deployment package quotas: 50 MB zipped for a direct upload, 250 MB unzipped (function
 * code plus layers). AWS counts MB as MiB here (262,144,000 bytes unzipped).
 */
export const LIMIT_ZIPPED_BYTES = 50 * 1024 * 1024;
export const LIMIT_UNZIPPED_BYTES = 250 * 1024 * 1024;
/** Warn when a package passes this share of a limit. */
export const WARN_SHARE = 0.8;

/**
 * Fixed timestamp of every zip entry. Built from local-time fields because the zip (DOS) date
 * is written from local-time fields: the same bytes in every time zone.
 */
export const ZIP_MTIME = new Date(2020, 0, 1, 0, 0, 0);
/** Regular file, rw-r--r--. */
export const ZIP_FILE_MODE = 0o100644;
