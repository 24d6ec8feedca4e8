data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name
  sfn    = ["AWS/States"]
  # Custom metrics carry Powertools' service dimension besides Step/Layer/Dataset:
  # SEARCH matches them whatever the dimension set.
  custom = "Namespace=\"${var.metrics_namespace}\""

  widgets = concat(
    [
      {
        type = "metric"
        properties = {
          title   = "${var.pipeline}: executions"
          region  = local.region
          stat    = "Sum"
          period  = var.period
          metrics = [for m in ["ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"] : concat(local.sfn, [m, "StateMachineArn", var.state_machine_arn])]
        }
      },
      {
        type = "metric"
        properties = {
          title   = "${var.pipeline}: execution time (ms)"
          region  = local.region
          period  = var.period
          metrics = [for p in ["p50", "p95", "p99"] : concat(local.sfn, ["ExecutionTime", "StateMachineArn", var.state_machine_arn, { stat = p, label = p }])]
        }
      },
    ],
    [
      for p in ["p50", "p95", "p99"] : {
        type = "metric"
        properties = {
          title   = "Lambda duration ${p} (ms)"
          region  = local.region
          stat    = p
          period  = var.period
          metrics = [for f in var.function_names : ["AWS/Lambda", "Duration", "FunctionName", f]]
        }
      }
    ],
    [
      {
        type = "metric"
        properties = {
          title   = "Lambda errors"
          region  = local.region
          stat    = "Sum"
          period  = var.period
          metrics = [for f in var.function_names : ["AWS/Lambda", "Errors", "FunctionName", f]]
        }
      },
      {
        type = "metric"
        properties = {
          title   = "Lambda throttles"
          region  = local.region
          stat    = "Sum"
          period  = var.period
          metrics = [for f in var.function_names : ["AWS/Lambda", "Throttles", "FunctionName", f]]
        }
      },
      {
        type = "metric"
        properties = {
          title   = "DynamoDB throttle events"
          region  = local.region
          stat    = "Sum"
          period  = var.period
          metrics = flatten([for t in var.table_names : [["AWS/DynamoDB", "ReadThrottleEvents", "TableName", t], ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", t]]])
        }
      },
      {
        type = "metric"
        properties = {
          title   = "Dead-letter queue depth"
          region  = local.region
          stat    = "Maximum"
          period  = var.period
          metrics = [for q in var.queue_names : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", q]]
        }
      },
      {
        type = "metric"
        properties = {
          title  = "Rows in / out / quarantined per step"
          region = local.region
          period = var.period
          metrics = [for i, m in ["RowsIn", "RowsOut", "RowsQuarantined"] : [{
            id         = "rows${i}"
            expression = "SEARCH('${local.custom} MetricName=\"${m}\"', 'Sum', ${var.period})"
            label      = m
          }]]
        }
      },
      {
        type = "metric"
        properties = {
          title  = "Quality checks (${var.dataset})"
          region = local.region
          period = var.period
          metrics = [for i, m in ["QualityChecksPassed", "QualityChecksFailed"] : [{
            id         = "quality${i}"
            expression = "SEARCH('${local.custom} MetricName=\"${m}\" Dataset=\"${var.dataset}\"', 'Sum', ${var.period})"
            label      = m
          }]]
        }
      },
      {
        type = "log"
        properties = {
          title  = "Recent errors (Powertools JSON logs)"
          region = local.region
          view   = "table"
          query  = "${join(" | ", [for f in var.function_names : "SOURCE '/aws/lambda/${f}'"])} | fields @timestamp, service, message, error.message | filter level = 'ERROR' | sort @timestamp desc | limit 50"
        }
      },
    ],
  )
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.dashboard_name
  dashboard_body = jsonencode({
    widgets = [for i, w in local.widgets : merge(w, { x = (i % 2) * 12, y = floor(i / 2) * 6, width = 12, height = 6 })]
  })
}
