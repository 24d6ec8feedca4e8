locals {
  # What the converter touches, shared by the Lambda and the Fargate task role.
  data_statements = concat(
    [
      {
        sid       = "ReadRawNdjson"
        actions   = ["s3:GetObject"]
        resources = ["${var.input_bucket_arn}/${var.input_prefix}*"]
      },
      {
        # Multipart uploads (large Parquet files) abort their parts when they fail.
        sid       = "WriteParquet"
        actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        resources = ["${var.output_bucket_arn}/${var.output_prefix}*"]
      },
      {
        sid       = "ListOwnPrefixes"
        actions   = ["s3:ListBucket"]
        resources = distinct([var.input_bucket_arn, var.output_bucket_arn])
        conditions = [
          {
            test     = "StringLike"
            variable = "s3:prefix"
            values   = ["${var.input_prefix}*", "${var.output_prefix}*"]
          },
        ]
      },
    ],
    var.tracking_table_arn == null ? [] : [
      {
        sid       = "UpdateFileStatuses"
        actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"]
        resources = [var.tracking_table_arn, "${var.tracking_table_arn}/index/*"]
      },
    ],
  )
}

module "converter" {
  source = "../lambda"

  function_name        = var.name
  description          = "NDJSON to Parquet converter (DuckDB): the Glue job replacement"
  zip_path             = var.zip_path
  memory_mb            = var.memory_mb
  timeout_s            = var.timeout_s
  ephemeral_storage_mb = var.ephemeral_storage_mb
  environment          = var.environment
  kms_key_arn          = var.kms_key_arn
  log_retention_days   = var.log_retention_days
  alarm_topic_arn      = var.alarm_topic_arn
  policy_statements    = local.data_statements
  tags                 = var.tags
}

resource "aws_ecs_cluster" "this" {
  count = var.fargate.enabled ? 1 : 0

  name = var.name
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "fargate" {
  count = var.fargate.enabled ? 1 : 0

  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

module "task_role" {
  source = "../iam"
  count  = var.fargate.enabled ? 1 : 0

  role_name        = "${var.name}-task"
  description      = "Role of the ${var.name} Fargate task"
  trusted_services = ["ecs-tasks.amazonaws.com"]
  tags             = var.tags
  statements = concat(local.data_statements, [
    {
      sid       = "UseEnvironmentKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.kms_key_arn]
    },
  ])
}

module "execution_role" {
  source = "../iam"
  count  = var.fargate.enabled ? 1 : 0

  role_name        = "${var.name}-exec"
  description      = "Role ECS uses to pull the ${var.name} image and write its logs"
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
      resources = [var.fargate.ecr_repository_arn]
    },
    {
      sid       = "WriteTaskLogs"
      actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      resources = ["${aws_cloudwatch_log_group.fargate[0].arn}:*"]
    },
    {
      sid       = "DecryptLogsKey"
      actions   = ["kms:Decrypt"]
      resources = [var.kms_key_arn]
    },
  ]
}

data "aws_region" "current" {}

resource "aws_ecs_task_definition" "this" {
  count = var.fargate.enabled ? 1 : 0

  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.fargate.cpu
  memory                   = var.fargate.memory_mb
  task_role_arn            = module.task_role[0].role_arn
  execution_role_arn       = module.execution_role[0].role_arn
  tags                     = var.tags
  container_definitions = jsonencode([
    {
      name        = "converter"
      image       = var.fargate.image
      essential   = true
      environment = [for k, v in var.environment : { name = k, value = v }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.fargate[0].name
          "awslogs-region"        = data.aws_region.current.name
          "awslogs-stream-prefix" = "converter"
        }
      }
    },
  ])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  ephemeral_storage {
    size_in_gib = 50
  }
}
