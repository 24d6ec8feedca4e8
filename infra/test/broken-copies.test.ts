/**
 * Deliberately broken copies of infra/ must be caught by @medallion/tf-check, each by the rule
 * meant for it. The baseline copy (with the fixture state machine) has no finding at all.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { checkInfra, type Finding } from '../../packages/tf-check/src/index';
import { copyRepo, type RepoCopy } from './repo-copy';

const copies: RepoCopy[] = [];
afterAll(() => {
  for (const c of copies) c.remove();
});

async function findingsOf(breakIt: (c: RepoCopy) => void, options: { fmt?: boolean } = {}): Promise<Finding[]> {
  const copy = copyRepo();
  copies.push(copy);
  breakIt(copy);
  return (await checkInfra(copy.infra, { repoRoot: copy.root, fmt: options.fmt })).findings;
}

const summary = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`);

function expectCaught(findings: Finding[], rule: string, file: string, text: string | RegExp) {
  const hit = findings.find((f) => f.rule === rule && f.file === file && (typeof text === 'string' ? f.message.includes(text) : text.test(f.message)));
  expect(hit ? 'caught' : summary(findings)).toBe('caught');
}

describe('tf-check on a copy of infra/', () => {
  it('finds nothing in the unmodified copy', async () => {
    expect(summary(await findingsOf(() => undefined))).toEqual([]);
  });
});

describe('catches deliberately broken copies', () => {
  it('a dangling resource reference', async () => {
    const fs = await findingsOf((c) =>
      c.edit('infra/modules/lambda/main.tf', 'target_arn = aws_sqs_queue.dlq.arn', 'target_arn = aws_sqs_queue.dead_letters.arn'),
    );
    expectCaught(fs, 'reference', 'infra/modules/lambda/main.tf', 'aws_sqs_queue.dead_letters is not declared');
  });

  it('an undeclared variable and an undeclared local', async () => {
    const fs = await findingsOf((c) => {
      c.edit('infra/modules/sns/main.tf', 'kms_master_key_id = var.kms_key_arn', 'kms_master_key_id = var.kms_key');
      c.edit('infra/modules/medallion/main.tf', 'topic_name    = "${local.name_prefix}-alerts"', 'topic_name    = "${local.prefix}-alerts"');
    });
    expectCaught(fs, 'reference', 'infra/modules/sns/main.tf', 'var.kms_key is not declared');
    expectCaught(fs, 'reference', 'infra/modules/medallion/main.tf', 'local.prefix is not declared');
  });

  it('a module output that does not exist, and module arguments that do not match its variables', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/modules/medallion/main.tf', 'ALERTS_TOPIC_ARN             = module.alerts.topic_arn', 'ALERTS_TOPIC_ARN             = module.alerts.arn');
        c.edit('infra/modules/medallion/main.tf', '  tags          = local.tags\n}', '  tags          = local.tags\n  colour        = "blue"\n}');
        c.edit('infra/modules/medallion/main.tf', '  name_prefix             = local.name_prefix\n', '');
      },
      { fmt: false },
    );
    expectCaught(fs, 'module-output', 'infra/modules/medallion/main.tf', 'module.alerts has no output "arn"');
    expectCaught(fs, 'module-input', 'infra/modules/medallion/main.tf', 'has no variable "colour"');
    expectCaught(fs, 'module-input', 'infra/modules/medallion/main.tf', 'required variable "name_prefix" of infra/modules/kms is not passed');
  });

  it('a wildcard resource for an action that has a resource scope', async () => {
    const fs = await findingsOf((c) => c.edit('infra/modules/lambda/main.tf', 'resources = [aws_sqs_queue.dlq.arn]', 'resources = ["*"]'));
    expectCaught(fs, 'iam-wildcard-resource', 'infra/modules/iam/main.tf', 'Resource "*" for sqs:SendMessage');
  });

  it('log-group listing on Resource "*" (it can name the account\'s log groups; only the *LogDelivery* actions need "*")', async () => {
    const fs = await findingsOf((c) =>
      c.edit('infra/modules/step_functions/main.tf', /resources = \["arn:\$\{data\.aws_partition[^\]]*log-group:\*"\]/, 'resources = ["*"]'),
    );
    expectCaught(fs, 'iam-wildcard-resource', 'infra/modules/iam/main.tf', 'Resource "*" for logs:DescribeLogGroups');
  });

  it('a wildcard resource smuggled in through a jsonencode policy', async () => {
    const fs = await findingsOf(
      (c) =>
        c.edit(
          'infra/modules/iam/main.tf',
          'resource "aws_iam_role_policy" "this" {',
          `resource "aws_iam_role_policy" "extra" {
  name = "extra"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "this" {`,
        ),
      { fmt: false },
    );
    expectCaught(fs, 'iam-wildcard-resource', 'infra/modules/iam/main.tf', 'Resource "*" for s3:GetObject');
  });

  it('the NDJSON pipeline: RunTask on every task definition, an unencrypted input queue', async () => {
    const fs = await findingsOf((c) => {
      c.edit('infra/modules/medallion/ndjson.tf', 'resources = [module.ndjson.task_definition_arn]', 'resources = ["*"]');
      c.edit('infra/modules/glue-replacement/main.tf', /(-ndjson-input"\n(?: {2}\w+ += [^\n]*\n)*?) {2}kms_master_key_id += var\.kms_key_arn\n/, '$1');
    });
    expectCaught(fs, 'iam-wildcard-resource', 'infra/modules/iam/main.tf', '"RunConverterTask": Resource "*" for ecs:RunTask');
    expectCaught(fs, 'kms-encryption', 'infra/modules/glue-replacement/main.tf', 'queue without kms_master_key_id');
  });

  it('a wildcard action in the per-function permissions', async () => {
    const fs = await findingsOf((c) =>
      c.edit('infra/modules/medallion/locals.tf', 'read      = ["dynamodb:GetItem", "dynamodb:Query"]', 'read      = ["dynamodb:*"]'),
    );
    expectCaught(fs, 'iam-wildcard-action', 'infra/modules/iam/main.tf', 'wildcard action dynamodb:*');
    // The iam module's own validation rejects it too, as terraform plan would.
    expectCaught(fs, 'validation', 'infra/modules/iam/variables.tf', 'no "*" or "service:*"');
  });

  it('an unencrypted DynamoDB table', async () => {
    const fs = await findingsOf((c) => c.edit('infra/modules/dynamodb/main.tf', /\n {2}server_side_encryption \{\n[^}]*\}\n/, '\n'));
    expectCaught(fs, 'kms-encryption', 'infra/modules/dynamodb/main.tf', 'table without server_side_encryption');
  });

  it('a queue, a topic and a log group without a KMS key; a bucket with AES256', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/modules/eventbridge/main.tf', /\n {2}kms_master_key_id {17}= var.kms_key_arn/, '');
        c.edit('infra/modules/sns/main.tf', /\n {2}kms_master_key_id = var.kms_key_arn/, '');
        c.edit('infra/modules/step_functions/main.tf', /\n {2}kms_key_id {8}= var.kms_key_arn/, '');
        c.edit('infra/modules/s3/main.tf', 'sse_algorithm     = "aws:kms"', 'sse_algorithm     = "AES256"');
      },
      { fmt: false },
    );
    expectCaught(fs, 'kms-encryption', 'infra/modules/eventbridge/main.tf', 'queue without kms_master_key_id');
    expectCaught(fs, 'kms-encryption', 'infra/modules/sns/main.tf', 'topic without kms_master_key_id');
    expectCaught(fs, 'kms-encryption', 'infra/modules/step_functions/main.tf', 'log group without kms_key_id');
    expectCaught(fs, 'kms-encryption', 'infra/modules/s3/main.tf', 'bucket without');
  });

  it('a log group without retention and an alarm without actions', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/modules/lambda/main.tf', /\n {2}retention_in_days = var.log_retention_days/, '');
        c.edit('infra/modules/dynamodb/main.tf', /\n {2}alarm_actions {7}= \[var.alarm_topic_arn\]/, '');
      },
      { fmt: false },
    );
    expectCaught(fs, 'log-retention', 'infra/modules/lambda/main.tf', 'without retention_in_days');
    expectCaught(fs, 'alarm-actions', 'infra/modules/dynamodb/main.tf', 'alarm without alarm_actions');
  });

  it('a variable without description and one without type', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/modules/kms/variables.tf', '  description = "Tags added to the key."\n', '');
        c.edit('infra/modules/sns/variables.tf', /variable "topic_name" \{\n {2}type {8}= string\n/, 'variable "topic_name" {\n');
      },
      { fmt: false },
    );
    expectCaught(fs, 'variable-description', 'infra/modules/kms/variables.tf', 'variable "tags" has no description');
    expectCaught(fs, 'variable-type', 'infra/modules/sns/variables.tf', 'variable "topic_name" has no type');
  });

  it('a state machine placeholder that templatefile does not fill, naming a function that does not exist', async () => {
    const fs = await findingsOf((c) => c.edit('state_machines/house_fd_pipeline.json', '${fn_house_fd_ingest_zip}', '${fn_house_fd_ingest_zips}'));
    expectCaught(fs, 'asl-placeholder', 'state_machines/house_fd_pipeline.json', '${fn_house_fd_ingest_zips} is not filled');
    expectCaught(fs, 'asl-function', 'state_machines/house_fd_pipeline.json', 'names functions/house-fd-ingest-zips, which does not exist');
  });

  it('a function folder and a state machine that no environment deploys', async () => {
    const fs = await findingsOf((c) => {
      c.write('functions/house-fd-new-step/package.json', '{ "name": "@medallion/fn-house-fd-new-step", "description": "new" }\n');
      c.write('state_machines/market_data_pipeline.json', '{ "StartAt": "Done", "States": { "Done": { "Type": "Succeed" } } }\n');
    });
    expectCaught(fs, 'not-deployed', 'infra/envs/main.tf', 'functions/house-fd-new-step is not deployed');
    expectCaught(fs, 'not-deployed', 'infra/envs/main.tf', 'state_machines/market_data_pipeline.json is not deployed');
  });

  it('DEBUG logging in prod, and a value its validation rejects', async () => {
    const fs = await findingsOf((c) => {
      c.edit('infra/envs/prod.tfvars', 'log_level          = "INFO"', 'log_level          = "DEBUG"');
      c.edit('infra/envs/staging.tfvars', 'log_retention_days = 30', 'log_retention_days = 31');
    });
    expectCaught(fs, 'precondition', 'infra/modules/medallion/main.tf', 'Production never logs at DEBUG');
    expectCaught(fs, 'validation', 'infra/modules/medallion/variables.tf', /log_retention_days must be a value CloudWatch Logs accepts.*envs\/staging\.tfvars/);
  });

  it('staging or prod without an alarm subscriber, and a key without administrators', async () => {
    const fs = await findingsOf((c) => {
      c.edit('infra/envs/prod.tfvars', 'alert_emails      = ["prod-alerts@example.com"]', 'alert_emails      = []');
      c.edit('infra/envs/dev.tfvars', /key_administrators = \[[^\]]*\]/, 'key_administrators = []');
    });
    expectCaught(fs, 'precondition', 'infra/modules/medallion/main.tf', /staging and prod need at least one alert_emails subscriber.*prod\.tfvars/);
    expectCaught(fs, 'validation', 'infra/modules/medallion/variables.tf', /key_administrators must list at least one IAM role.*dev\.tfvars/);
  });

  it('an environment naming another, and state without a lock file', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/envs/dev.tfvars', 'environment        = "dev"', 'environment        = "staging"');
        c.edit('infra/envs/staging.backend.hcl', /\nuse_lockfile = true/, '');
      },
      { fmt: false },
    );
    expectCaught(fs, 'env-name', 'infra/envs/dev.tfvars', 'environment = "staging" in dev.tfvars');
    expectCaught(fs, 'state-backend', 'infra/envs/staging.backend.hcl', 'use_lockfile = true is missing');
  });

  it('a Task that times out with its Lambda, in the ASL or through a per-environment override', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('state_machines/house_fd_pipeline.json', '"TimeoutSeconds": 330', '"TimeoutSeconds": 300');
        c.edit('infra/envs/prod.tfvars', 'function_overrides = {', 'function_overrides = {\n  "house-fd-check-new-filings" = {\n    timeout_s = 75\n  }');
      },
      { fmt: false },
    );
    expectCaught(
      fs,
      'asl-timeout',
      'state_machines/house_fd_pipeline.json',
      /IngestZip: TimeoutSeconds 300 is less than 30 s over the 300 s timeout of functions\/house-fd-ingest-zip.*dev\.tfvars/,
    );
    expectCaught(
      fs,
      'asl-timeout',
      'state_machines/house_fd_pipeline.json',
      /TimeoutSeconds 90 is less than 30 s over the 75 s timeout of functions\/house-fd-check-new-filings.*prod\.tfvars/,
    );
  });

  it('a bucket listed without s3:prefix, a key policy handing the key to the account, an unencrypted state machine, uploads not forced to SSE-KMS', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/modules/medallion/main.tf', 'variable = "s3:prefix"', 'variable = "s3:delimiter"');
        c.edit('infra/modules/kms/main.tf', 'actions   = local.key_admin_actions', 'actions   = ["kms:*"]');
        c.edit('infra/modules/kms/main.tf', 'identifiers = var.key_administrators', 'identifiers = ["arn:${local.partition}:iam::123456789012:root"]');
        c.edit('infra/modules/step_functions/main.tf', /\n {2}encryption_configuration \{[^}]*\}\n/, '\n');
        c.edit('infra/modules/s3/main.tf', 'variable = "s3:x-amz-server-side-encryption"', 'variable = "s3:x-amz-acl"');
      },
      { fmt: false },
    );
    expectCaught(fs, 's3-list-prefix', 'infra/modules/iam/main.tf', 's3:ListBucket without an s3:prefix condition');
    expectCaught(fs, 'kms-key-policy', 'infra/modules/kms/main.tf', 'kms:* in a key policy');
    expectCaught(fs, 'kms-key-policy', 'infra/modules/kms/main.tf', 'the account root without conditions');
    expectCaught(fs, 'sfn-encryption', 'infra/modules/step_functions/main.tf', 'state machine without encryption_configuration');
    expectCaught(fs, 's3-encrypted-uploads', 'infra/modules/s3/main.tf', 'no bucket policy denying s3:PutObject');
  });

  it('a lake write grant without s3:AbortMultipartUpload (lib-storage aborts failed multipart uploads)', async () => {
    const fs = await findingsOf((c) =>
      c.edit(
        'infra/modules/medallion/locals.tf',
        'readwrite = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]',
        'readwrite = ["s3:GetObject", "s3:PutObject"]',
      ),
    );
    expectCaught(fs, 's3-multipart-abort', 'infra/modules/iam/main.tf', /statement "LakeBronzeReadWrite": s3:PutObject without s3:AbortMultipartUpload/);
  });

  it('the congress.gov API without its key parameter, a key parameter nobody reads, and an unknown member list', async () => {
    const fs = await findingsOf(
      (c) => {
        c.edit('infra/envs/prod.tfvars', /\ncongress_gov_api_key_parameter = "[^"]*"/, '');
        c.edit('infra/envs/staging.tfvars', 'house_fd_member_source         = "congress-gov"', 'house_fd_member_source         = "legislators-historical"');
        c.edit('infra/envs/dev.tfvars', 'house_fd_member_source = "legislators-historical"', 'house_fd_member_source = "bioguide"');
      },
      { fmt: false },
    );
    expectCaught(fs, 'precondition', 'infra/modules/medallion/main.tf', /set congress_gov_api_key_parameter.*prod\.tfvars/);
    expectCaught(fs, 'precondition', 'infra/modules/medallion/main.tf', /congress_gov_api_key_parameter is only read with.*staging\.tfvars/);
    expectCaught(
      fs,
      'validation',
      'infra/modules/medallion/variables.tf',
      /house_fd_member_source must be congress-gov or legislators-historical.*dev\.tfvars/,
    );
  });

  it('text terraform fmt would rewrite, and text that does not parse', async () => {
    const fs = await findingsOf((c) => {
      c.edit('infra/modules/sns/outputs.tf', '  value       = aws_sns_topic.this.arn', '  value = aws_sns_topic.this.arn');
      c.edit('infra/modules/kms/outputs.tf', 'value       = aws_kms_key.this.key_id', 'value       = aws_kms_key.this.key_id +');
    });
    expectCaught(fs, 'fmt', 'infra/modules/sns/outputs.tf', 'terraform fmt would write "  value       = aws_sns_topic.this.arn"');
    expectCaught(fs, 'syntax', 'infra/modules/kms/outputs.tf', 'does not parse');
  });
});
