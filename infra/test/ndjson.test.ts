/**
 * The NDJSON pipeline's Terraform (issue 8 §5), read from each environment's evaluated plan: the
 * input bucket's notifications to an encrypted queue with a redrive policy, the manifest builder's
 * event source mapping with partial batch failures, the tables' keys, sparse indexes and TTL, IAM
 * per function with the exact actions it calls, the Fargate path, orphan recovery, the dashboard
 * and the alarms.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTfvars, type Body, type Json } from '../../packages/tf-check/src/config';
import { planRoot, type Plan } from '../../packages/tf-check/src/index';
import { REPO } from './repo-copy';

const ENVS = ['dev', 'staging', 'prod'];
const plans: Record<string, Plan> = {};
let eventbridge: Plan;

const planOf = async (env: string, edit: (tfvars: Body) => Body = (t) => t) => {
  const { body } = await loadTfvars(join(REPO, 'infra', 'envs', `${env}.tfvars`));
  return (await planRoot(join(REPO, 'infra', 'envs'), REPO, undefined, { tfvars: body && edit(body), address: `infra/envs/${env}.tfvars` })).plan;
};

beforeAll(async () => {
  for (const env of ENVS) plans[env] = await planOf(env);
  eventbridge = await planOf('dev', (t) => ({ ...t, ndjson: { ...(t.ndjson as Record<string, Json>), dispatch: 'eventbridge' } }));
});

type Statement = { sid: string; actions: string[]; resources: unknown[]; condition?: { test: string; variable: string; values: unknown[] }[] };
const active = (plan: Plan, type: string, name?: string) =>
  plan.resources.filter((r) => r.block.labels[0] === type && (name === undefined || r.block.labels[1] === name) && r.instance.active);
const policies = (plan: Plan, address: RegExp) =>
  plan.data.filter(
    (d) =>
      d.block.labels.join('.') === 'aws_iam_policy_document.this' &&
      d.instance.active &&
      address.test(d.instance.address) &&
      d.instance.address.endsWith('.module.role'),
  );
const statementsOf = (plan: Plan, address: RegExp) => policies(plan, address).flatMap((d) => d.value.statement as Statement[]);
const fnStatements = (plan: Plan, folder: string) => statementsOf(plan, new RegExp(`module\\.functions\\["${folder}"\\]`));
const fnEnv = (plan: Plan, folder: string) =>
  (
    active(plan, 'aws_lambda_function').find((r) => r.instance.address.includes(`["${folder}"]`))!.value.environment as { variables: Record<string, unknown> }[]
  )[0].variables;
const ndjsonKeys = (vars: Record<string, unknown>) =>
  Object.keys(vars)
    .filter((k) => k.startsWith('NDJSON_'))
    .sort();

describe.each(ENVS)('%s: input bucket → SQS → manifest builder', (env) => {
  it('notifies the queue of every created *.ndjson and *.ndjson.gz object', () => {
    const [n] = active(plans[env], 'aws_s3_bucket_notification');
    const queues = n.value.queue as { events: string[]; filter_suffix: string }[];
    expect(queues.map((q) => [q.filter_suffix, q.events])).toEqual([
      ['.ndjson', ['s3:ObjectCreated:*']],
      ['.ndjson.gz', ['s3:ObjectCreated:*']],
    ]);
  });

  it('the input bucket is versioned, KMS-encrypted and TLS-only like the lake buckets', () => {
    const input = (type: string) => active(plans[env], type).filter((r) => r.instance.address.endsWith('module.ndjson.module.input_bucket'));
    expect((input('aws_s3_bucket_versioning')[0].value.versioning_configuration as { status: string }[])[0].status).toBe('Enabled');
    const sse = (
      input('aws_s3_bucket_server_side_encryption_configuration')[0].value.rule as { apply_server_side_encryption_by_default: { sse_algorithm: string }[] }[]
    )[0];
    expect(sse.apply_server_side_encryption_by_default[0].sse_algorithm).toBe('aws:kms');
    const policy = plans[env].data.find(
      (d) => d.block.labels.join('.') === 'aws_iam_policy_document.bucket' && d.instance.address.endsWith('module.ndjson.module.input_bucket'),
    )!;
    expect((policy.value.statement as Statement[]).map((s) => s.sid)).toEqual(
      expect.arrayContaining(['DenyInsecureTransport', 'DenyObjectsNotEncryptedWithSseKms']),
    );
  });

  it('the queue and its DLQ are KMS-encrypted; the queue redrives to the DLQ; only S3 from the input bucket may send', () => {
    const queues = active(plans[env], 'aws_sqs_queue').filter((r) => r.instance.address.endsWith('module.ndjson'));
    expect(queues.map((q) => q.block.labels[1]).sort()).toEqual(['dlq', 'this']);
    for (const q of queues) expect(q.value.kms_master_key_id).toBeDefined();
    const main = queues.find((q) => q.block.labels[1] === 'this')!;
    expect(String(main.block.body.redrive_policy)).toMatch(/deadLetterTargetArn\s*=\s*aws_sqs_queue\.dlq\.arn/);
    const policy = plans[env].data.find((d) => d.block.labels.join('.') === 'aws_iam_policy_document.queue' && d.instance.active)!;
    const send = (policy.value.statement as (Statement & { principals: { identifiers: string[] }[] })[]).find(
      (s) => s.sid === 'InputBucketSendsNotifications',
    )!;
    expect(send.actions).toEqual(['sqs:SendMessage']);
    expect(send.principals[0].identifiers).toEqual(['s3.amazonaws.com']);
    expect(send.condition!.map((c) => c.variable).sort()).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
  });

  it('the manifest builder consumes the queue with ReportBatchItemFailures and a concurrency cap', () => {
    const [esm] = active(plans[env], 'aws_lambda_event_source_mapping');
    expect(esm.value.function_response_types).toEqual(['ReportBatchItemFailures']);
    expect((esm.value.scaling_config as { maximum_concurrency: number }[])[0].maximum_concurrency).toBeGreaterThanOrEqual(2);
    // A visibility timeout under the function's timeout would redeliver a batch still being processed.
    const [queue] = active(plans[env], 'aws_sqs_queue', 'this').filter((r) => r.instance.address.endsWith('module.ndjson'));
    const builder = active(plans[env], 'aws_lambda_function').find((r) => r.instance.address.includes('ndjson-manifest-builder'))!;
    expect(Number(queue.value.visibility_timeout_seconds)).toBeGreaterThanOrEqual(6 * Number(builder.value.timeout));
  });

  it('alarms with an action on DLQ depth, queue age, breaker open and manifest age', () => {
    const alarms = active(plans[env], 'aws_cloudwatch_metric_alarm');
    const byMetric = (m: string) => alarms.filter((a) => a.value.metric_name === m && /ndjson/.test(a.instance.address));
    for (const m of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage', 'BreakerOpen', 'ManifestAgeSeconds']) {
      expect(`${m}: ${byMetric(m).length}`).not.toBe(`${m}: 0`);
      for (const a of byMetric(m)) expect((a.value.alarm_actions as unknown[]).length).toBe(1);
    }
  });
});

describe('tables (tables.json through modules/dynamodb)', () => {
  const table = (name: string) => active(plans.prod, 'aws_dynamodb_table').find((t) => t.value.name === `medallion-prod-${name}`)!;

  it('file_tracking: range key file_key, sparse GSI gsi_status with range registered_at, TTL on ttl', () => {
    const t = table('file-tracking');
    expect([t.value.hash_key, t.value.range_key]).toEqual(['date_prefix', 'file_key']);
    expect((t.value.global_secondary_index as Record<string, unknown>[]).map((g) => [g.name, g.hash_key, g.range_key])).toEqual([
      ['gsi_status', 'gsi_status', 'registered_at'],
    ]);
    expect((t.value.ttl as Record<string, unknown>[])[0]).toEqual({ attribute_name: 'ttl', enabled: true });
    expect((t.value.attribute as { name: string }[]).map((a) => a.name).sort()).toEqual(['date_prefix', 'file_key', 'gsi_status', 'registered_at']);
  });

  it('ndjson_manifests: sparse GSI gsi_open by updated_at; circuit_breakers: hash key only', () => {
    expect((table('ndjson-manifests').value.global_secondary_index as Record<string, unknown>[]).map((g) => [g.hash_key, g.range_key])).toEqual([
      ['gsi_open', 'updated_at'],
    ]);
    expect(table('circuit-breakers').value.hash_key).toBe('breaker_id');
  });
});

describe('IAM per function: the exact actions each calls (prod)', () => {
  const extra = (folder: string) =>
    Object.fromEntries(
      fnStatements(plans.prod, folder)
        .filter((s) => !['WriteOwnLogGroup', 'SendToOwnDeadLetterQueue', 'UseEnvironmentKey', 'WriteXRayTraces'].includes(s.sid))
        .map((s) => [s.sid, s.actions]),
    );
  const rw = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

  // Compensation and recovery remove a failed attempt's Parquet and quarantine file (docs/ETL.md).
  const REMOVES_OUTPUTS = ['ndjson-recover-orphans', 'ndjson-compensate'];
  const rwd = ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'];
  // A large manifest travels as a lake key under _manifests/ndjson (bronze): the builders write it, the steps read it.
  const WRITES_MANIFESTS = { LakeManifestsNdjsonReadWrite: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], ListBronzeBucket: ['s3:ListBucket'] };
  const READS_MANIFESTS = { LakeManifestsNdjsonRead: ['s3:GetObject'], ListBronzeBucket: ['s3:ListBucket'] };
  const REMOVE_FAILED_OUTPUTS = {
    LakeSilverNdjsonReadWriteDelete: rwd,
    LakeQuarantineNdjsonReadWriteDelete: rwd,
    ListSilverBucket: ['s3:ListBucket'],
    ListQuarantineBucket: ['s3:ListBucket'],
  };

  it.each([
    [
      'ndjson-manifest-builder',
      {
        TableFileTrackingReadWrite: rw,
        TableNdjsonManifestsReadWrite: rw,
        TableCircuitBreakersReadWrite: rw,
        StartPipelineExecutions: ['states:StartExecution'],
        ConsumeInputQueue: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
        ...WRITES_MANIFESTS,
      },
    ],
    [
      'ndjson-recover-orphans',
      {
        TableFileTrackingReadWrite: rw,
        TableNdjsonManifestsReadWrite: rw,
        TableCircuitBreakersReadWrite: rw,
        StartPipelineExecutions: ['states:StartExecution'],
        DescribePipelineExecutions: ['states:DescribeExecution'],
        ...WRITES_MANIFESTS,
      },
    ],
    [
      'ndjson-convert',
      {
        // A re-run deletes its own stale chunks; the frozen schema lives under _schemas/ndjson.
        LakeSilverNdjsonReadWriteDelete: rwd,
        LakeQuarantineNdjsonReadWriteDelete: rwd,
        LakeSchemasNdjsonReadWrite: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
        LakeManifestsNdjsonRead: ['s3:GetObject'],
        ListSilverBucket: ['s3:ListBucket'],
        ListQuarantineBucket: ['s3:ListBucket'],
        ListBronzeBucket: ['s3:ListBucket'],
        TableNdjsonManifestsRead: ['dynamodb:GetItem', 'dynamodb:Query'],
        ReadInputFiles: ['s3:GetObject'],
      },
    ],
    ['ndjson-update-status', { TableFileTrackingReadWrite: rw, TableNdjsonManifestsReadWrite: rw, ...READS_MANIFESTS }],
    ['ndjson-compensate', { TableFileTrackingReadWrite: rw, TableNdjsonManifestsReadWrite: rw, ...READS_MANIFESTS }],
    ['ndjson-dlq-report', { PeekDeadLetterQueue: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'] }],
  ])('%s', (folder, expected) => {
    if (REMOVES_OUTPUTS.includes(folder)) Object.assign(expected, REMOVE_FAILED_OUTPUTS);
    expect(extra(folder)).toEqual(expected);
    for (const s of fnStatements(plans.prod, folder).filter((x) => !x.sid.startsWith('WriteXRay'))) expect(s.resources).not.toContain('*');
  });

  it('the converter writes only silver/ndjson/, quarantine/ndjson/ and its schema, reads manifests, and lists only those prefixes', () => {
    const s = fnStatements(plans.prod, 'ndjson-convert');
    const lists = s.filter((x) => x.sid.startsWith('List')).flatMap((x) => x.condition!.flatMap((c) => c.values));
    expect(lists.sort()).toEqual([
      '_manifests/ndjson',
      '_manifests/ndjson/*',
      '_schemas/ndjson',
      '_schemas/ndjson/*',
      'quarantine/ndjson',
      'quarantine/ndjson/*',
      'silver/ndjson',
      'silver/ndjson/*',
    ]);
  });

  it('each function gets the environment its contract names (docs/ETL.md)', () => {
    const builder = [
      'NDJSON_DISPATCH',
      'NDJSON_MANIFEST_MAX_BYTES',
      'NDJSON_MANIFEST_MAX_FILES',
      'NDJSON_MANIFEST_MAX_WAIT_S',
      'NDJSON_SHARDS',
      'NDJSON_STATE_MACHINE_ARN',
      'NDJSON_TTL_DAYS',
    ];
    expect(ndjsonKeys(fnEnv(plans.prod, 'ndjson-manifest-builder'))).toEqual(builder);
    expect(ndjsonKeys(fnEnv(plans.prod, 'ndjson-recover-orphans'))).toEqual(builder);
    expect(ndjsonKeys(fnEnv(plans.prod, 'ndjson-convert'))).toEqual(['NDJSON_INPUT_URI', 'NDJSON_MEMORY_LIMIT']);
    expect(fnEnv(plans.prod, 'ndjson-convert').NDJSON_MEMORY_LIMIT).toBe('1804MiB'); // 60 % of 3008 MB: the rest is Node's
    expect(ndjsonKeys(fnEnv(plans.prod, 'ndjson-update-status'))).toEqual(['NDJSON_SHARDS', 'NDJSON_TTL_DAYS']);
    expect(ndjsonKeys(fnEnv(plans.prod, 'ndjson-dlq-report'))).toEqual(['NDJSON_DLQ_URL']);
    for (const t of ['FILE_TRACKING', 'NDJSON_MANIFESTS', 'CIRCUIT_BREAKERS'])
      expect(fnEnv(plans.prod, 'ndjson-manifest-builder')).toHaveProperty(`MEDALLION_TABLE_${t}`);
    expect(fnEnv(plans.prod, 'ndjson-manifest-builder').NDJSON_DISPATCH).toBe('stepfunctions');
  });
});

describe('the Fargate path of ndjson_parquet_pipeline (prod)', () => {
  const sm = () => statementsOf(plans.prod, /module\.state_machines\["ndjson_parquet_pipeline"\]/);

  it('the state machine may run only the converter task definition, in its cluster, passing only its two roles to ECS', () => {
    const run = sm().find((s) => s.sid === 'RunConverterTask')!;
    expect(run.actions).toEqual(['ecs:RunTask']);
    expect(run.resources).toHaveLength(1);
    expect(run.condition!.map((c) => c.variable)).toEqual(['ecs:cluster']);
    const pass = sm().find((s) => s.sid === 'PassConverterTaskRoles')!;
    expect(pass.actions).toEqual(['iam:PassRole']);
    expect(pass.resources).toHaveLength(2);
    expect(pass.condition).toEqual([{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['ecs-tasks.amazonaws.com'] }]);
    expect(sm().find((s) => s.sid === 'ManageEcsSyncRule')!.actions).toEqual(['events:PutTargets', 'events:PutRule', 'events:DescribeRule']);
    expect(read('infra/modules/medallion/ndjson.tf')).toContain(':rule/StepFunctionsGetEventsForECSTaskRule"');
    expect(
      sm()
        .flatMap((s) => (s.sid.startsWith('WriteXRay') || s.sid === 'ManageExecutionLogDelivery' ? [] : s.resources))
        .filter((r) => r === '*'),
    ).toEqual([]);
  });

  it("the image comes from the module's ECR repository: KMS-encrypted, immutable tags, scanned on push, old images expired", () => {
    const [repo] = active(plans.prod, 'aws_ecr_repository');
    expect(repo.value.image_tag_mutability).toBe('IMMUTABLE');
    expect(repo.value.image_scanning_configuration).toEqual([{ scan_on_push: true }]);
    expect((repo.value.encryption_configuration as { encryption_type: string }[])[0].encryption_type).toBe('KMS');
    const [lifecycle] = active(plans.prod, 'aws_ecr_lifecycle_policy');
    expect(String(lifecycle.value.policy)).toContain('imageCountMoreThan');
    expect(read('infra/modules/glue-replacement/main.tf')).toMatch(
      /image\s+=\s+coalesce\(var\.fargate\.image, "\$\{aws_ecr_repository\.converter\.repository_url\}/,
    );
    // What is pushed there: the Dockerfile make build copies into the image context, running the task entry.
    const dockerfile = read('functions/ndjson-convert/Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:22-slim$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "task.mjs"]');
  });

  it("large manifests' file lists in the bronze bucket expire after 30 days", () => {
    const lifecycle = active(plans.prod, 'aws_s3_bucket_lifecycle_configuration').filter((r) => r.instance.address.includes('module.lake["bronze"]'));
    const rules = (lifecycle[0].value.rule as { id: string; filter: { prefix?: string }[]; expiration?: { days: number }[] }[]).filter(
      (r) => r.expiration?.length,
    );
    expect(rules.map((r) => [r.id, r.filter[0].prefix, r.expiration![0].days])).toEqual([['expire-ndjson-manifests', '_manifests/ndjson/', 30]]);
    for (const layer of ['silver', 'gold', 'quarantine']) {
      const other = active(plans.prod, 'aws_s3_bucket_lifecycle_configuration').find((r) => r.instance.address.includes(`module.lake["${layer}"]`))!;
      expect((other.value.rule as { expiration?: unknown[] }[]).filter((r) => r.expiration?.length)).toEqual([]);
    }
  });

  it('house_fd_pipeline gets no ECS grant', () => {
    const house = statementsOf(plans.prod, /module\.state_machines\["house_fd_pipeline"\]/);
    expect(house.flatMap((s) => s.actions).filter((a) => a.startsWith('ecs:') || a === 'iam:PassRole')).toEqual([]);
  });

  it('the task runs Fargate in an egress-only security group, its container named as the ASL overrides it', () => {
    const [task] = active(plans.prod, 'aws_ecs_task_definition');
    expect(task.value.requires_compatibilities).toEqual(['FARGATE']);
    expect(task.value.network_mode).toBe('awsvpc');
    // The task's own group (the market-data database has ingress rules of its own, rds_postgres).
    const ndjson = (r: { instance: { address: string } }) => r.instance.address.includes('.module.ndjson');
    expect(
      active(plans.prod, 'aws_vpc_security_group_ingress_rule')
        .filter(ndjson)
        .map((r) => r.instance.address),
    ).toEqual([]);
    const [egress] = active(plans.prod, 'aws_vpc_security_group_egress_rule').filter(ndjson);
    expect([egress.value.ip_protocol, egress.value.from_port, egress.value.to_port]).toEqual(['tcp', 443, 443]);
    const asl = read('state_machines/ndjson_parquet_pipeline.json');
    expect(asl).toContain('"Name": "ndjson-convert"');
    expect(read('infra/modules/glue-replacement/main.tf')).toContain('container_name = "ndjson-convert"');
    // DuckDB gets 60 % of the task's memory, as in the Lambda (the container's environment is known only at apply).
    expect(read('infra/modules/glue-replacement/main.tf')).toContain('NDJSON_MEMORY_LIMIT = "${floor(0.6 * var.fargate.memory_mb)}MiB"');
  });
});

describe('orphan recovery, dispatch and dashboard', () => {
  it('an hourly rule invokes ndjson-recover-orphans through a Lambda permission for that rule (no role)', () => {
    const [rule] = active(plans.prod, 'aws_cloudwatch_event_rule').filter((r) => r.instance.address.endsWith('ndjson_recovery_schedule'));
    expect(rule.value.schedule_expression).toBe('rate(1 hour)');
    const [target] = active(plans.prod, 'aws_cloudwatch_event_target').filter((r) => r.instance.address.endsWith('ndjson_recovery_schedule'));
    expect(target.value.role_arn).toBeNull();
    // (the API's permission for API Gateway, api.tf, is not this one)
    const [permission] = active(plans.prod, 'aws_lambda_permission').filter((p) => !p.instance.address.includes('module.http_api'));
    expect([permission.value.principal, permission.value.action]).toEqual(['events.amazonaws.com', 'lambda:InvokeFunction']);
  });

  it('dispatch = eventbridge: a bus, a ManifestReady rule starting the state machine with the detail, PutEvents for builder and recovery', () => {
    expect(active(plans.dev, 'aws_cloudwatch_event_bus')).toEqual([]);
    expect(active(eventbridge, 'aws_cloudwatch_event_bus')).toHaveLength(1);
    const [target] = active(eventbridge, 'aws_cloudwatch_event_target').filter((r) => r.instance.address.includes('ndjson_manifest_ready'));
    expect(target.value.input_path).toBe('$.detail');
    for (const folder of ['ndjson-manifest-builder', 'ndjson-recover-orphans']) {
      expect(fnStatements(eventbridge, folder).find((s) => s.sid === 'PutManifestReadyEvents')!.actions).toEqual(['events:PutEvents']);
      expect(fnEnv(eventbridge, folder).NDJSON_EVENT_BUS_NAME).toBe('medallion-dev-ndjson');
      expect(fnEnv(eventbridge, folder).NDJSON_DISPATCH).toBe('eventbridge');
    }
  });

  it('the ndjson dashboard graphs files/min, manifests, manifest age, breaker state, rejects and the input DLQ', () => {
    const d = active(plans.dev, 'aws_cloudwatch_dashboard').find((r) => r.instance.address.includes('ndjson_parquet_pipeline'))!;
    const widgets = d.instance.variable('metric_widgets') as { metrics: string[] }[];
    expect(widgets.flatMap((w) => w.metrics)).toEqual(['FilesRegistered', 'ManifestsStarted', 'ManifestAgeSeconds', 'BreakerOpen', 'LinesQuarantined']);
    // The six functions' dead-letter queues and the input queue's.
    expect(d.instance.variable('queue_names') as unknown[]).toHaveLength(7);
    expect((d.instance.variable('function_names') as unknown[]).length).toBe(6);
  });
});

describe('the functions Terraform deploys', () => {
  // Terraform deploys each folder with handler = "index.handler": the bundle of src/index.ts must export it.
  it.each(['ndjson-manifest-builder', 'ndjson-convert', 'ndjson-update-status', 'ndjson-compensate', 'ndjson-recover-orphans', 'ndjson-dlq-report'])(
    'functions/%s/src/index.ts exports handler',
    async (folder) => {
      const mod = (await import(join(REPO, 'functions', folder, 'src', 'index.ts'))) as { handler?: unknown };
      expect(typeof mod.handler).toBe('function');
    },
  );
});

const read = (p: string) => readFileSync(join(REPO, p), 'utf8');
