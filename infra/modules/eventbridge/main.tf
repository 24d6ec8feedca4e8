resource "aws_cloudwatch_event_rule" "this" {
  name                = var.rule_name
  event_bus_name      = var.event_bus_name
  description         = var.description
  schedule_expression = var.schedule_expression
  event_pattern       = var.event_pattern
  state               = var.enabled ? "ENABLED" : "DISABLED"
  tags                = var.tags

  lifecycle {
    precondition {
      condition     = (var.schedule_expression == null) != (var.event_pattern == null)
      error_message = "Set exactly one of schedule_expression and event_pattern."
    }
  }
}

# Events EventBridge could not deliver after its retries.
resource "aws_sqs_queue" "dlq" {
  name                              = "${var.rule_name}-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 3600
  tags                              = var.tags
}

data "aws_iam_policy_document" "dlq" {
  statement {
    sid       = "RuleSendsUndeliveredEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.this.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy    = data.aws_iam_policy_document.dlq.json
}

# A state machine target is started through this role; a Lambda target is invoked through its
# resource policy instead (aws_lambda_permission below), so it gets no role.
module "role" {
  source = "../iam"
  count  = var.target_is_lambda ? 0 : 1

  role_name        = "${var.rule_name}-evt"
  description      = "Role EventBridge rule ${var.rule_name} uses to start its target"
  trusted_services = ["events.amazonaws.com"]
  tags             = var.tags
  statements = concat(
    [
      {
        sid       = "StartTarget"
        actions   = var.target_actions
        resources = [var.target_arn]
      },
    ],
    # Starting an execution of a state machine encrypted with a customer managed key encrypts its
    # input with that key (Step Functions, "Data at rest encryption").
    var.target_kms_key_arn == null ? [] : [
      {
        sid       = "EncryptTargetInput"
        actions   = ["kms:GenerateDataKey"]
        resources = [var.target_kms_key_arn]
      },
    ],
  )
}

resource "aws_lambda_permission" "target" {
  count = var.target_is_lambda ? 1 : 0

  statement_id  = "AllowEventBridgeRule"
  action        = "lambda:InvokeFunction"
  function_name = var.target_arn
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.this.arn
}

resource "aws_cloudwatch_event_target" "this" {
  rule     = aws_cloudwatch_event_rule.this.name
  arn      = var.target_arn
  role_arn = var.target_is_lambda ? null : module.role[0].role_arn
  # input_path passes part of the event (e.g. "$.detail") instead of a fixed input.
  input          = var.input_path == null ? var.input : null
  input_path     = var.input_path
  event_bus_name = var.event_bus_name

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 3
  }

  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }
}

module "alarms" {
  source = "../alarms"

  name_prefix     = var.rule_name
  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
  alarms = {
    failed-invocations = {
      description = "EventBridge rule ${var.rule_name} could not start its target."
      namespace   = "AWS/Events"
      metric_name = "FailedInvocations"
      dimensions  = { RuleName = aws_cloudwatch_event_rule.this.name }
      threshold   = 1
    }
    dlq-depth = {
      description = "Events of ${var.rule_name} are waiting in its dead-letter queue."
      namespace   = "AWS/SQS"
      metric_name = "ApproximateNumberOfMessagesVisible"
      dimensions  = { QueueName = aws_sqs_queue.dlq.name }
      statistic   = "Maximum"
      threshold   = 1
      notify_ok   = false
    }
  }
}

# The role became optional (Lambda targets have none): keep the existing one.
moved {
  from = module.role
  to   = module.role[0]
}

# The alarms moved into module.alarms: keep the existing ones instead of replacing them.
moved {
  from = aws_cloudwatch_metric_alarm.failed_invocations
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["failed-invocations"]
}

moved {
  from = aws_cloudwatch_metric_alarm.dlq_depth
  to   = module.alarms.aws_cloudwatch_metric_alarm.this["dlq-depth"]
}
