#!/usr/bin/env node
/**
 * Compiles row_scanner.c (with scan_core.h) into build/row_scanner.node (a Node-API addon: one binary serves Node 20 and 22).
 *
 *   node packages/ndjson/native/build.mjs [--if-stale] [--out file.node]
 *
 * Needs a C compiler (`cc`, or $CC) and Node's headers (node_api.h, beside the node binary or in /usr/include/node).
 * Without them it says so and exits 0: @medallion/ndjson then uses its JS scanner, which gives the same answers
 * more slowly. `make install` runs it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'row_scanner.c');
const inputs = [source, join(here, 'scan_core.h')];
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : join(here, 'build', 'row_scanner.node');

if (args.includes('--if-stale') && existsSync(out) && inputs.every((f) => statSync(out).mtimeMs >= statSync(f).mtimeMs)) process.exit(0);

const headers = [join(dirname(dirname(process.execPath)), 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].find((dir) =>
  existsSync(join(dir, 'node_api.h')),
);
if (!headers) {
  console.warn('row_scanner: no Node headers (node_api.h) found; the JS scanner will be used');
  process.exit(0);
}
const compiler = process.env.CC || 'cc';
const flags = ['-O2', '-std=c11', '-Wall', '-Wextra', '-fPIC', '-shared', '-DNODE_GYP_MODULE_NAME=row_scanner', `-I${headers}`];
// Node-API symbols come from the node binary at load time.
if (process.platform === 'darwin') flags.push('-undefined', 'dynamic_lookup');
mkdirSync(dirname(out), { recursive: true });
try {
  execFileSync(compiler, [...flags, source, '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`row_scanner: built ${out}`);
} catch (err) {
  console.warn(`row_scanner: ${compiler} failed (${err.message.split('\n')[0]}); the JS scanner will be used`);
}
