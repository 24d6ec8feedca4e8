data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/vendedlogs/states/${var.state_machine_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

module "role" {
  source = "../iam"

  role_name        = "${var.state_machine_name}-sfn"
  description      = "Execution role of state machine ${var.state_machine_name}"
  trusted_services = ["states.amazonaws.com"]
  tags             = var.tags
  statements = concat(
    length(var.invoked_function_arns) == 0 ? [] : [
      {
        sid       = "InvokeOwnFunctions"
        actions   = ["lambda:InvokeFunction"]
        resources = concat(var.invoked_function_arns, [for arn in var.invoked_function_arns : "${arn}:*"])
      },
    ],
    length(var.published_topic_arns) == 0 ? [] : [
      {
        sid       = "PublishAlerts"
        actions   = ["sns:Publish"]
        resources = var.published_topic_arns
      },
    ],
    [
      {
        sid       = "UseEnvironmentKey"
        actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
        resources = [var.kms_key_arn]
      },
      {
        sid       = "WriteXRayTraces"
        actions   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
        resources = ["*"]
      },
      {
        # Vended-log delivery: AWS documents these actions with Resource "*" and they have no
        # resource types to scope to (Step Functions developer guide, "Logging using CloudWatch
        # Logs"; CloudWatch Logs, "Enabling logging from AWS services").
        sid       = "ManageExecutionLogDelivery"
        actions   = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies"]
        resources = ["*"]
      },
      {
        # Step Functions checks that the destination exists: only this account's log groups in this region.
        sid       = "FindExecutionLogGroup"
        actions   = ["logs:DescribeLogGroups"]
        resources = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
      },
    ],
    var.policy_statements,
  )
}

resource "aws_sfn_state_machine" "this" {
  name       = var.state_machine_name
  type       = "STANDARD"
  role_arn   = module.role.role_arn
  definition = templatefile(var.definition_file, var.definition_vars)
  tags       = var.tags

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    include_execution_data = var.include_execution_data
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  # Definition and execution history encrypted with the environment key, not only AWS's own.
  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = var.kms_key_arn
    kms_data_key_reuse_period_seconds = 300
  }

  depends_on = [module.role]
}

module "alarms" {
  source = "../alarms"

  name_prefix     = var.state_machine_name
  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
  alarms = merge(
    {
      failed = {
        description = "Executions of ${var.state_machine_name} failed."
        namespace   = "AWS/States"
        metric_name = "ExecutionsFailed"
        dimensions  = { StateMachineArn = aws_sfn_state_machine.this.arn }
        threshold   = var.failed_executions_threshold
      }
      timed-out = {
        description = "Executions of ${var.state_machine_name} timed out."
        namespace   = "AWS/States"
        metric_name = "ExecutionsTimedOut"
        dimensions  = { StateMachineArn = aws_sfn_state_machine.this.arn }
        threshold   = 1
      }
    },
    # A pipeline that silently stops (schedule disabled by hand, every run aborted or stuck) raises
    # no failure alarm: alarm when no execution succeeded in the window. No data at all (nothing
    # ran) counts as breaching.
    var.stopped_running_alarm_hours == null ? {} : {
      stopped-running = {
        description         = "No execution of ${var.state_machine_name} succeeded in ${coalesce(var.stopped_running_alarm_hours, 0)} hours."
        namespace           = "AWS/States"
        metric_name         = "ExecutionsSucceeded"
        dimensions          = { StateMachineArn = aws_sfn_state_machine.this.arn }
        period              = 3600
        evaluation_periods  = coalesce(var.stopped_running_alarm_hours, 1)
        datapoints_to_alarm = coalesce(var.stopped_running_alarm_hours, 1)
        threshold           = 1
        comparison_operator = "LessThanThreshold"
        treat_missing_data  = "breaching"
      }
    },
  )
}

# The alarms moved into module.alarms: keep the existing ones instead of replacing them.
moved {
  from = aws_cloudwatch_metric_alarm.failed
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["failed"]
}

moved {
  from = aws_cloudwatch_metric_alarm.timed_out
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["timed-out"]
}
