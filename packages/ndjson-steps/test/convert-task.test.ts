import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { runConvertTask } from '../src/convert-task';
import { lakes, upload } from './helpers';

async function run(argv: string[], env: Record<string, string | undefined>) {
  const lines: string[] = [];
  const code = await runConvertTask(argv, env, (l) => lines.push(l));
  return { code, out: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('runConvertTask (the Fargate / child-process entry)', () => {
  it('converts a manifest given as JSON in the environment, as the ECS container override passes it', async () => {
    const { root, input } = await lakes();
    const files = await upload(input, [{ key: '2026-01-05/a.ndjson', body: '{"a":1}\nnope\n' }]);
    const env = { MEDALLION_LAKE_URI: join(root, 'lake'), NDJSON_INPUT_URI: join(root, 'input'), NDJSON_MEMORY_LIMIT: '256MB', NDJSON_THREADS: '1' };
    const { code, out } = await run([], { ...env, NDJSON_MANIFEST: JSON.stringify({ manifest_id: 'm-env', files, bytes: 10 }) });
    expect(code).toBe(0);
    expect(out[0]).toMatchObject({
      manifestId: 'm-env',
      rowsWritten: 1,
      quarantined: { not_json: 1 },
      outputs: ['silver/ndjson/date=2026-01-05/m-env-0.parquet'],
    });
  });

  it('reads plain files without a bad line as they are unless NDJSON_DIRECT_READ=0', async () => {
    const { root, input } = await lakes();
    const files = await upload(input, [{ key: '2026-01-05/good.ndjson', body: '{"a":1}\n{"a":2}\n' }]);
    const env = { MEDALLION_LAKE_URI: join(root, 'lake'), NDJSON_INPUT_URI: join(root, 'input'), NDJSON_THREADS: '1' };
    const manifest = JSON.stringify({ manifest_id: 'm-direct', files, bytes: 16 });
    expect((await run(['--manifest-json', manifest], env)).out[0]).toMatchObject({ rowsWritten: 2, filesReadDirectly: 1 });
    expect((await run(['--manifest-json', manifest], { ...env, NDJSON_DIRECT_READ: '0' })).out[0]).toMatchObject({ rowsWritten: 2, filesReadDirectly: 0 });
    expect((await run(['--manifest-json', manifest], { ...env, NDJSON_DIRECT_READ: 'no' })).code).toBe(1);
  });

  it('reads a large manifest from the lake: the manifest by key, its files by another key', async () => {
    const { root, lake, input } = await lakes();
    const files = await upload(input, [{ key: '2026-01-06/b.ndjson.gz', body: 'not gzip' }]);
    await lake.put('_manifests/ndjson/m-key.files.json', JSON.stringify({ files }));
    await lake.put('_manifests/ndjson/m-key.json', JSON.stringify({ manifest_id: 'm-key', files: '_manifests/ndjson/m-key.files.json', bytes: 8 }));
    const env = { MEDALLION_LAKE_URI: join(root, 'lake'), NDJSON_INPUT_URI: join(root, 'input'), NDJSON_SCHEMA: '[{"name":"a","type":"BIGINT"}]' };
    const { code, out } = await run(['--manifest-key', '_manifests/ndjson/m-key.json'], env);
    expect(code).toBe(0);
    expect(out[0]).toMatchObject({ manifestId: 'm-key', files: 1, rowsWritten: 0, quarantined: { not_decompressible: 1 }, outputs: [] });
  });

  it('usage errors exit 2; bad manifests and configuration exit 1 with one line and no stack', async () => {
    const { root } = await lakes();
    const env = { MEDALLION_LAKE_URI: join(root, 'lake'), NDJSON_INPUT_URI: join(root, 'input') };
    expect((await run([], env)).code).toBe(2);
    expect((await run(['--bogus'], env)).code).toBe(2);
    expect((await run(['--manifest-json', '{}', '--manifest-key', 'k'], env)).code).toBe(2);
    const bad = await run(['--manifest-json', '{"manifest_id":"m","files":[{"file_key":1}],"bytes":1}'], env);
    expect(bad.code).toBe(1);
    expect(String(bad.out[0]?.error)).toMatch(/^ZodError: invalid manifest: files/);
    const missing = await run(['--manifest-key', '_manifests/none.json'], env);
    expect(missing).toMatchObject({ code: 1, out: [{ error: expect.stringContaining('not in the lake') }] });
    const noInput = await run(['--manifest-json', '{}'], { MEDALLION_LAKE_URI: env.MEDALLION_LAKE_URI });
    expect(noInput).toMatchObject({ code: 1, out: [{ error: expect.stringMatching(/^ConfigError: invalid configuration: NDJSON_INPUT_URI/) }] });
    expect(JSON.stringify([bad.out, missing.out, noInput.out])).not.toMatch(/\n\s+at /);
  });
});

describe('convert-main (the process entry)', () => {
  it('runs as a process: converts from the environment, exit 2 on usage', async () => {
    const { spawnSync } = await import('node:child_process');
    const { root, input } = await lakes();
    const files = await upload(input, [{ key: '2026-01-07/c.ndjson', body: '{"a":1}\n' }]);
    const env = { ...process.env, NODE_OPTIONS: '', MEDALLION_LAKE_URI: join(root, 'lake'), NDJSON_INPUT_URI: join(root, 'input') };
    const run = (extra: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'packages/ndjson-steps/src/convert-main.ts'], { env: { ...env, ...extra }, encoding: 'utf8' });
    const ok = run({ NDJSON_MANIFEST: JSON.stringify({ manifest_id: 'm-proc', files, bytes: 8 }) });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ manifestId: 'm-proc', rowsWritten: 1 });
    expect(run({}).status).toBe(2);
  });
});
