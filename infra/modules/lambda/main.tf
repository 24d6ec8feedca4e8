data "aws_partition" "current" {}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

# Asynchronous invocations that fail every retry land here (Step Functions invokes
# synchronously and handles its own retries; the queue catches direct async use).
resource "aws_sqs_queue" "dlq" {
  name                              = "${var.function_name}-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 3600
  tags                              = var.tags
}

module "role" {
  source = "../iam"

  role_name        = "${var.function_name}-fn"
  description      = "Execution role of Lambda ${var.function_name}"
  trusted_services = ["lambda.amazonaws.com"]
  tags             = var.tags
  statements = concat(
    [
      {
        sid       = "WriteOwnLogGroup"
        actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
      },
      {
        sid       = "SendToOwnDeadLetterQueue"
        actions   = ["sqs:SendMessage"]
        resources = [aws_sqs_queue.dlq.arn]
      },
      {
        sid       = "UseEnvironmentKey"
        actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
        resources = [var.kms_key_arn]
      },
      {
        sid       = "WriteXRayTraces"
        actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        resources = ["*"]
      },
    ],
    # A function in a VPC creates and removes its network interfaces (AWSLambdaVPCAccessExecutionRole's
    # actions): described account-wide (no resource scope), changed only as interfaces in subnets and groups.
    var.vpc_config == null ? [] : [
      {
        sid       = "DescribeVpcNetworkInterfaces"
        actions   = ["ec2:DescribeNetworkInterfaces"]
        resources = ["*"]
      },
      {
        sid     = "ManageVpcNetworkInterfaces"
        actions = ["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
        resources = [
          "arn:${data.aws_partition.current.partition}:ec2:*:*:network-interface/*",
          "arn:${data.aws_partition.current.partition}:ec2:*:*:subnet/*",
          "arn:${data.aws_partition.current.partition}:ec2:*:*:security-group/*",
        ]
      },
    ],
    var.policy_statements,
  )
}

resource "aws_lambda_function" "this" {
  function_name                  = var.function_name
  description                    = var.description
  role                           = module.role.role_arn
  filename                       = var.zip_path
  source_code_hash               = filebase64sha256(var.zip_path)
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  memory_size                    = var.memory_mb
  timeout                        = var.timeout_s
  reserved_concurrent_executions = var.reserved_concurrency
  publish                        = var.publish
  kms_key_arn                    = var.kms_key_arn
  tags                           = var.tags

  ephemeral_storage {
    size = var.ephemeral_storage_mb
  }

  environment {
    variables = var.environment
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }

  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  depends_on = [aws_cloudwatch_log_group.this, module.role]
}

module "alarms" {
  source = "../alarms"

  name_prefix     = var.function_name
  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
  alarms = {
    errors = {
      description = "Lambda ${var.function_name} returned errors."
      namespace   = "AWS/Lambda"
      metric_name = "Errors"
      dimensions  = { FunctionName = aws_lambda_function.this.function_name }
      threshold   = var.errors_alarm_threshold
    }
    throttles = {
      description = "Lambda ${var.function_name} was throttled (account or reserved concurrency exhausted)."
      namespace   = "AWS/Lambda"
      metric_name = "Throttles"
      dimensions  = { FunctionName = aws_lambda_function.this.function_name }
      threshold   = 1
    }
    duration-p95 = {
      description         = "Lambda ${var.function_name} p95 duration above ${var.duration_alarm_pct_of_timeout}% of its ${var.timeout_s}s timeout."
      namespace           = "AWS/Lambda"
      metric_name         = "Duration"
      dimensions          = { FunctionName = aws_lambda_function.this.function_name }
      extended_statistic  = "p95"
      threshold           = var.timeout_s * 1000 * var.duration_alarm_pct_of_timeout / 100
      comparison_operator = "GreaterThanThreshold"
    }
    dlq-depth = {
      description = "Events for ${var.function_name} are waiting in its dead-letter queue."
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = aws_sqs_queue.dlq.name }
      statistic   = "Maximum"
      threshold   = 1
      notify_ok   = false
    }
  }
}

# The alarms moved into module.alarms: keep the existing ones instead of replacing them.
moved {
  from = aws_cloudwatch_metric_alarm.errors
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["errors"]
}

moved {
  from = aws_cloudwatch_metric_alarm.throttles
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["throttles"]
}

moved {
  from = aws_cloudwatch_metric_alarm.duration
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["duration-p95"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["dlq-depth"]
}
