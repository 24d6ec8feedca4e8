# The NDJSON → Parquet pipeline's own infrastructure (the Glue job replacement): the input bucket,
# its object-created notifications to an SQS queue with a redrive policy to a dead-letter queue,
# and the ECS Fargate task that runs the converter's process entry for manifests too big for the
# Lambda. The functions themselves come from the composition's function map (modules/medallion).
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id     = data.aws_caller_identity.current.account_id
  container_name = "ndjson-convert"
  image          = coalesce(var.fargate.image, "${aws_ecr_repository.converter.repository_url}:${var.fargate.image_tag}")
  # The converter reads its input objects by file_key from NDJSON_INPUT_URI; DuckDB gets 60 % of the task's memory
  # (its lanes split it), the rest is Node's.
  task_environment = merge(var.task_environment, {
    NDJSON_INPUT_URI    = module.input_bucket.uri
    NDJSON_MEMORY_LIMIT = "${floor(0.6 * var.fargate.memory_mb)}MiB"
  })
}

# Versioned, KMS-encrypted and TLS-only like the lake buckets (the same module).
module "input_bucket" {
  source = "../s3"

  bucket_name                        = var.input_bucket_name
  layer                              = "input"
  kms_key_arn                        = var.kms_key_arn
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  force_destroy                      = var.force_destroy
  tags                               = var.tags
}

# Messages the manifest builder failed max_receive_count times (each failed record is reported
# back with ReportBatchItemFailures, so only that record is retried).
resource "aws_sqs_queue" "dlq" {
  name                              = "${var.name_prefix}-ndjson-input-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 3600
  tags                              = var.tags
}

resource "aws_sqs_queue" "this" {
  name                              = "${var.name_prefix}-ndjson-input"
  visibility_timeout_seconds        = var.visibility_timeout_s
  message_retention_seconds         = var.message_retention_s
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 3600
  tags                              = var.tags

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })
}

# Only the input queue may move messages into the dead-letter queue.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this.arn]
  })
}

data "aws_iam_policy_document" "queue" {
  # S3 delivers the input bucket's notifications, for this account only (confused-deputy guard).
  statement {
    sid       = "InputBucketSendsNotifications"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [module.input_bucket.bucket_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.queue.json
}

# One notification per suffix (S3 filters on one suffix each); neither suffix ends the other, so
# the two do not overlap.
resource "aws_s3_bucket_notification" "this" {
  bucket = module.input_bucket.bucket_name

  dynamic "queue" {
    for_each = var.file_suffixes

    content {
      id            = "ndjson-${replace(trimprefix(queue.value, "."), ".", "-")}"
      queue_arn     = aws_sqs_queue.this.arn
      events        = ["s3:ObjectCreated:*"]
      filter_suffix = queue.value
    }
  }

  depends_on = [aws_sqs_queue_policy.this]
}

module "queue_alarms" {
  source = "../alarms"

  name_prefix     = aws_sqs_queue.this.name
  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
  alarms = {
    dlq-depth = {
      description = "S3 events of ${module.input_bucket.bucket_name} failed ${var.max_receive_count} times and wait in ${aws_sqs_queue.dlq.name} (ndjson-dlq-report lists them; docs/ETL.md)."
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = aws_sqs_queue.dlq.name }
      statistic   = "Maximum"
      threshold   = 1
      notify_ok   = false
    }
    oldest-message-age = {
      description        = "The oldest S3 event in ${aws_sqs_queue.this.name} waited over ${var.queue_age_alarm_s} s: the manifest builder is not keeping up (or its breaker is open)."
      namespace          = "AWS/SQS"
      metric_name        = "ApproximateAgeOfOldestMessage"
      dimensions         = { QueueName = aws_sqs_queue.this.name }
      statistic          = "Maximum"
      threshold          = var.queue_age_alarm_s
      evaluation_periods = 2
    }
  }
}

# --- The Fargate path: manifests over the state machine's size threshold ---

resource "aws_ecr_repository" "converter" {
  name                 = "${var.name_prefix}-ndjson-convert"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_destroy
  tags                 = var.tags

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }
}

resource "aws_ecr_lifecycle_policy" "converter" {
  repository = aws_ecr_repository.converter.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.fargate.images_kept} images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.fargate.images_kept }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "this" {
  name = "${var.name_prefix}-ndjson"
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "task" {
  name              = "/ecs/${var.name_prefix}-ndjson-convert"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# Egress only (HTTPS to S3, DynamoDB, ECR and CloudWatch Logs, through NAT or VPC endpoints): nothing connects to the task.
resource "aws_security_group" "task" {
  name        = "${var.name_prefix}-ndjson-convert-task"
  description = "ndjson-convert Fargate task: no ingress, HTTPS egress only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "https" {
  security_group_id = aws_security_group.task.id
  description       = "HTTPS to AWS APIs (S3, DynamoDB, ECR, CloudWatch Logs)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  tags              = var.tags
}

# What the converter does, the same grants as the ndjson-convert Lambda (the same code runs in both).
module "task_role" {
  source = "../iam"

  role_name        = "${var.name_prefix}-ndjson-convert-task"
  description      = "Role of the ndjson-convert Fargate task (the converter's data access)"
  trusted_services = ["ecs-tasks.amazonaws.com"]
  tags             = var.tags
  statements = concat(var.task_statements, [
    {
      sid       = "ReadInputFiles"
      actions   = ["s3:GetObject"]
      resources = ["${module.input_bucket.bucket_arn}/*"]
    },
    {
      sid       = "UseEnvironmentKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    },
  ])
}

# What ECS itself does to start the task: pull the image, write the container's logs.
module "execution_role" {
  source = "../iam"

  role_name        = "${var.name_prefix}-ndjson-convert-exec"
  description      = "Role ECS uses to pull the ndjson-convert image and write its logs"
  trusted_services = ["ecs-tasks.amazonaws.com"]
  tags             = var.tags
  statements = [
    {
      sid       = "GetRegistryToken"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    },
    {
      sid       = "PullConverterImage"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
      resources = [aws_ecr_repository.converter.arn]
    },
    {
      sid       = "WriteTaskLogs"
      actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      resources = ["${aws_cloudwatch_log_group.task.arn}:*"]
    },
    {
      # Image layers in a KMS-encrypted repository.
      sid       = "DecryptImageLayers"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    },
  ]
}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name_prefix}-ndjson-convert"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.fargate.cpu
  memory                   = var.fargate.memory_mb
  task_role_arn            = module.task_role.role_arn
  execution_role_arn       = module.execution_role.role_arn
  tags                     = var.tags
  # The state machine overrides NDJSON_MANIFEST_ID per run (ContainerOverrides of this container).
  container_definitions = jsonencode([
    {
      name        = local.container_name
      image       = local.image
      essential   = true
      environment = [for k in sort(keys(local.task_environment)) : { name = k, value = local.task_environment[k] }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.task.name
          "awslogs-region"        = data.aws_region.current.name
          "awslogs-stream-prefix" = local.container_name
        }
      }
    },
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # DuckDB spills to disk past its memory limit.
  ephemeral_storage {
    size_in_gib = var.fargate.ephemeral_storage_gib
  }
}
