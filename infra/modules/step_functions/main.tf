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
        sid       = "DeliverExecutionLogs"
        actions   = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"]
        resources = ["*"]
      },
    ],
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

  depends_on = [module.role]
}

resource "aws_cloudwatch_metric_alarm" "failed" {
  alarm_name          = "${var.state_machine_name}-failed"
  alarm_description   = "Executions of ${var.state_machine_name} failed."
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = { StateMachineArn = aws_sfn_state_machine.this.arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.failed_executions_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "timed_out" {
  alarm_name          = "${var.state_machine_name}-timed-out"
  alarm_description   = "Executions of ${var.state_machine_name} timed out."
  namespace           = "AWS/States"
  metric_name         = "ExecutionsTimedOut"
  dimensions          = { StateMachineArn = aws_sfn_state_machine.this.arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
  tags                = var.tags
}
