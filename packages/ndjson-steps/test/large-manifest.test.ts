/**
 * A manifest too large to travel inline (its JSON over ECS's 8 KiB of overrides) goes through the real ASL as a
 * lake key: routed to the Fargate path by size, the task gets NDJSON_MANIFEST_KEY, and the converter's process
 * entry (runConvertTask, locally a child process — the container's entry in AWS) reads the file list from the lake;
 * UpdateStatus and Compensate read it from there too.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOutbox, runStateMachine, type LocalHandler } from '@medallion/local';
import { readDefinition } from '../src/local-run';
import { manifestInputFor, resolveManifestInput } from '../src/manifest-store';
import { lakes, parquetLines, upload } from './helpers';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const placeholders = {
  alerts_topic_arn: 'arn:aws:sns:local:000000000000:alerts',
  ecs_cluster_arn: 'arn:aws:ecs:local:000000000000:cluster/c',
  ecs_task_definition_arn: 'ndjson-convert-local',
  ecs_subnets: 'subnet-a',
  ecs_security_groups: 'sg-a',
};

it('converts a 300-file manifest through RunFargateByKey as a child process, reading its files from the lake', async () => {
  const { root, lake, input } = await lakes();
  const bodies = Array.from({ length: 300 }, (_, i) => ({
    key: `2026-12-0${1 + (i % 3)}/events-${String(i).padStart(5, '0')}.ndjson`,
    body: `{"n":${i}}\n{"n":${i},"k":"v"}\n`,
  }));
  const files = await upload(input, bodies);
  // The bytes claim is what routes it (over 1 GiB → Fargate); the files themselves are small.
  const manifest = { manifest_id: 'm-many-files', files, bytes: 2 * 1024 ** 3 };
  expect(JSON.stringify(manifest).length).toBeGreaterThan(8 * 1024);
  const execution = await manifestInputFor(lake, manifest);
  expect(execution).toEqual({ manifest_id: 'm-many-files', bytes: manifest.bytes, manifest_key: '_manifests/ndjson/m-many-files.json' });

  let processed: number | undefined;
  const updateStatus: LocalHandler = async (e) => {
    processed = (await resolveManifestInput(lake, e as { manifest_id: string; manifest_key?: string })).files.length;
    return { processed };
  };
  const env = { MEDALLION_LAKE_URI: join(root, 'lake'), NDJSON_INPUT_URI: join(root, 'input'), LOG_LEVEL: 'ERROR', NODE_OPTIONS: '' };
  const res = await runStateMachine({
    definition: readDefinition(REPO),
    functions: {
      fn_ndjson_convert: async () => {
        throw new Error('a manifest over 1 GiB never reaches the Lambda');
      },
      fn_ndjson_update_status: updateStatus,
      fn_ndjson_compensate: async () => ({ released: 0 }),
    },
    placeholders,
    ecsTasks: {
      'ndjson-convert-local': {
        command: process.execPath,
        args: ['--import', 'tsx', '--import', './scripts/polyfills.mjs', 'packages/ndjson-steps/src/convert-main.ts'],
        cwd: REPO,
        env,
      },
    },
    outbox: createOutbox(),
    input: execution,
    fastRetries: true,
  });
  expect([res.status, res.cause]).toEqual(['SUCCEEDED', undefined]);
  expect(res.path).toEqual(['RouteBySize', 'RunFargateByKey', 'UpdateStatus', 'Done']);
  expect(processed).toBe(300);
  const lines = await parquetLines(root);
  expect(lines).toHaveLength(600);
  expect(new Set(lines.map((l) => `${l.file}#${l.line}`)).size).toBe(600);
}, 120_000);
