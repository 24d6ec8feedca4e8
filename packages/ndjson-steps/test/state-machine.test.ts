import { readFileSync } from 'node:fs';
import { createOutbox, runStateMachine, type LocalHandler } from '@medallion/local';
// asl-validator as @medallion/local applies it (its index exports the runner, which validates; this checks the file as written).
import { validateStateMachine } from '../../local/src/validate';

const definition = JSON.parse(readFileSync(new URL('../../../state_machines/ndjson_parquet_pipeline.json', import.meta.url), 'utf8')) as {
  States: Record<string, Record<string, unknown>>;
};
const placeholders = {
  alerts_topic_arn: 'arn:aws:sns:local:000000000000:alerts',
  ecs_cluster_arn: 'arn:aws:ecs:local:000000000000:cluster/c',
  ecs_task_definition_arn: 'arn:aws:ecs:local:000000000000:task-definition/t:1',
  ecs_subnets: 'subnet-a,subnet-b',
  ecs_security_groups: 'sg-a',
};
/** Lambda timeouts Terraform gives these functions (infra locals); each Task allows 30 s more. */
const LAMBDA_TIMEOUT_S: Record<string, number> = { Convert: 900, UpdateStatus: 60, Compensate: 60 };

/** The converter's task: exits 0 only when its environment carries the manifest (runConvertTask reads NDJSON_MANIFEST). */
const ecsTasks = {
  [placeholders.ecs_task_definition_arn]: {
    command: process.execPath,
    args: ['-e', 'process.exit(JSON.parse(process.env.NDJSON_MANIFEST).manifest_id === process.env.NDJSON_MANIFEST_ID ? 0 : 3)'],
  },
};
const manifest = { manifest_id: 'm-1', bytes: 10, files: [{ date_prefix: '2026-12-01', file_key: '2026-12-01/a.ndjson', size: 10, etag: 'e' }] };

describe('state_machines/ndjson_parquet_pipeline.json', () => {
  it('is valid ASL as written (placeholders included)', () => {
    expect(validateStateMachine(definition)).toEqual({ isValid: true, errors: [] });
  });

  it('gives every Task a timeout 30 s over its Lambda and retries with backoff and full jitter', () => {
    for (const [name, timeout] of Object.entries(LAMBDA_TIMEOUT_S)) expect(definition.States[name].TimeoutSeconds).toBeGreaterThanOrEqual(timeout + 30);
    for (const [name, s] of Object.entries(definition.States)) {
      if (s.Type !== 'Task') continue;
      for (const r of s.Retry as { BackoffRate: number; JitterStrategy: string }[]) {
        expect([name, r.BackoffRate > 1, r.JitterStrategy]).toEqual([name, true, 'FULL']);
      }
    }
  });

  it('routes manifests over 1 GiB to the Fargate task, by lake key when the manifest has one', () => {
    const over = { Variable: '$.bytes', NumericGreaterThan: 1073741824 };
    expect(definition.States.RouteBySize.Choices).toEqual([
      { And: [over, { Variable: '$.manifest_key', IsPresent: true }], Next: 'RunFargateByKey' },
      { ...over, Next: 'RunFargate' },
    ]);
    expect(definition.States.RunFargate.Resource).toBe('arn:aws:states:::ecs:runTask.sync');
    expect(definition.States.RunFargateByKey.Resource).toBe('arn:aws:states:::ecs:runTask.sync');
  });

  it('runs Convert → UpdateStatus with the manifest', async () => {
    const seen: Record<string, unknown> = {};
    const fn =
      (name: string, out: unknown): LocalHandler =>
      async (e) => {
        seen[name] = e;
        return out;
      };
    const res = await runStateMachine({
      definition,
      functions: {
        fn_ndjson_convert: fn('convert', { rowsWritten: 1 }),
        fn_ndjson_update_status: fn('update', { processed: 1 }),
        fn_ndjson_compensate: fn('comp', {}),
      },
      placeholders,
      ecsTasks,
      outbox: createOutbox(),
      input: manifest,
      fastRetries: true,
    });
    expect(res.status).toBe('SUCCEEDED');
    expect(res.path).toEqual(['RouteBySize', 'Convert', 'UpdateStatus', 'Done']);
    expect(seen.convert).toEqual({ manifest });
    expect(seen.update).toMatchObject({ manifest_id: 'm-1', files: manifest.files });
  });

  it('passes a manifest that travels as a lake key on as its key to every step (never a file list)', async () => {
    const keyed = { manifest_id: 'm-k', bytes: 10, manifest_key: '_manifests/ndjson/m-k.json' };
    const seen: Record<string, unknown> = {};
    const res = await runStateMachine({
      definition,
      functions: {
        fn_ndjson_convert: async (e) => {
          seen.convert = e;
          throw Object.assign(new Error('boom'), { name: 'ConvertFailed' });
        },
        fn_ndjson_update_status: async () => ({ processed: 0 }),
        fn_ndjson_compensate: async (e) => {
          seen.compensate = e;
          return { released: 1 };
        },
      },
      placeholders,
      ecsTasks,
      outbox: createOutbox(),
      input: keyed,
      fastRetries: true,
    });
    expect(res.path).toEqual(['RouteBySize', 'Convert', 'Compensate', 'Alert', 'Failed']);
    expect(seen.convert).toEqual({ manifest: keyed });
    expect(seen.compensate).toMatchObject({ ...keyed, error: { Error: 'ConvertFailed' } });
    expect(seen.compensate).not.toHaveProperty('files');
  });

  it('gives the Fargate task NDJSON_MANIFEST_KEY, not the manifest, when the manifest is in the lake', async () => {
    const keyed = { manifest_id: 'm-big-k', bytes: 2 * 1024 ** 3, manifest_key: '_manifests/ndjson/m-big-k.json' };
    let updated: unknown;
    const res = await runStateMachine({
      definition,
      functions: {
        fn_ndjson_convert: async () => {
          throw new Error('the Lambda must not run a big manifest');
        },
        fn_ndjson_update_status: async (e) => {
          updated = e;
          return { processed: 1 };
        },
        fn_ndjson_compensate: async () => ({ released: 0 }),
      },
      placeholders,
      ecsTasks: {
        [placeholders.ecs_task_definition_arn]: {
          command: process.execPath,
          args: [
            '-e',
            "const e = process.env; process.exit(e.NDJSON_MANIFEST === undefined && e.NDJSON_MANIFEST_KEY === '_manifests/ndjson/' + e.NDJSON_MANIFEST_ID + '.json' ? 0 : 3)",
          ],
        },
      },
      outbox: createOutbox(),
      input: keyed,
      fastRetries: true,
    });
    expect([res.status, res.cause]).toEqual(['SUCCEEDED', undefined]);
    expect(res.path).toEqual(['RouteBySize', 'RunFargateByKey', 'UpdateStatus', 'Done']);
    expect(updated).toMatchObject(keyed);
  });

  it('on a converter failure compensates with the manifest, alerts and fails', async () => {
    const outbox = createOutbox();
    let compensated: unknown;
    const res = await runStateMachine({
      definition,
      functions: {
        fn_ndjson_convert: async () => {
          throw Object.assign(new Error('DuckDB out of memory'), { name: 'ConvertFailed' });
        },
        fn_ndjson_update_status: async () => ({ processed: 0 }),
        fn_ndjson_compensate: async (e) => {
          compensated = e;
          return { released: 1 };
        },
      },
      placeholders,
      ecsTasks,
      outbox,
      input: manifest,
      fastRetries: true,
    });
    expect(res).toMatchObject({ status: 'FAILED', error: 'ManifestFailed' });
    expect(res.path).toEqual(['RouteBySize', 'Convert', 'Compensate', 'Alert', 'Failed']);
    expect(compensated).toMatchObject({ manifest_id: 'm-1', files: manifest.files, error: { Error: 'ConvertFailed' } });
    expect(outbox.messages().map((m) => m.channel)).toEqual(['sns']);
  });

  it('runs a manifest over 1 GiB as the Fargate task (locally a child process with the manifest id in its environment)', async () => {
    let updated: unknown;
    const res = await runStateMachine({
      definition,
      functions: {
        fn_ndjson_convert: async () => {
          throw new Error('the Lambda must not run a big manifest');
        },
        fn_ndjson_update_status: async (e) => {
          updated = e;
          return { processed: 1 };
        },
        fn_ndjson_compensate: async () => ({ released: 0 }),
      },
      placeholders,
      ecsTasks,
      outbox: createOutbox(),
      input: { ...manifest, manifest_id: 'm-big', bytes: 2 * 1024 ** 3 },
      fastRetries: true,
    });
    expect([res.status, res.cause]).toEqual(['SUCCEEDED', undefined]);
    expect(res.path).toEqual(['RouteBySize', 'RunFargate', 'UpdateStatus', 'Done']);
    expect(updated).toMatchObject({ manifest_id: 'm-big' });
  });
});
