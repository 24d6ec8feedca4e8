data "aws_region" "current" {}

locals {
  region = data.aws_region.current.name
  sfn    = ["AWS/States"]

  # Custom metrics (Powertools Metrics, EMF) carry Powertools' `service` dimension besides their
  # own (Step, Layer): SEARCH matches them whatever the dimension set. metric_dimensions narrows
  # every custom-metric search, e.g. to one environment when several share an account.
  custom = join(" ", concat(
    ["Namespace=\"${var.metrics_namespace}\""],
    [for k in sort(keys(var.metric_dimensions)) : "${k}=\"${var.metric_dimensions[k]}\""],
  ))
  # The pipeline's own steps (Step dimension = function folder).
  step_filter = length(var.steps) == 0 ? "" : " (${join(" OR ", [for s in var.steps : "Step=\"${s}\""])})"

  # Lake layers in medallion order, each with the steps that write it.
  layers = [for l in ["bronze", "silver", "gold"] : {
    layer = l
    steps = sort([for s, layer in var.step_layers : s if layer == l])
  } if contains(values(var.step_layers), l)]

  search = {
    for m in ["RowsIn", "RowsOut", "RowsQuarantined"] : m => "SEARCH('${local.custom} MetricName=\"${m}\"${local.step_filter}', 'Sum', ${var.period})"
  }

  quality_outcomes = ["Passed", "Warned", "Failed", "Errored"]

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
          title  = "DynamoDB throttle events"
          region = local.region
          stat   = "Sum"
          period = var.period
          metrics = concat(
            [for t in var.table_names : ["AWS/DynamoDB", "ReadThrottleEvents", "TableName", t]],
            [for t in var.table_names : ["AWS/DynamoDB", "WriteThrottleEvents", "TableName", t]],
          )
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
            expression = local.search[m]
            label      = m
          }]]
        }
      },
    ],
    length(local.layers) == 0 ? [] : [
      {
        type = "metric"
        properties = {
          title  = "Rows written and quarantined per layer"
          region = local.region
          period = var.period
          # A list of one-element lists (flatten would unwrap them): written, then quarantined.
          metrics = concat(
            [for i, l in local.layers : [{
              id         = "out${i}"
              expression = "SUM(SEARCH('${local.custom} MetricName=\"RowsOut\" (${join(" OR ", [for s in l.steps : "Step=\"${s}\""])})', 'Sum', ${var.period}))"
              label      = "${l.layer} rows written"
            }]],
            [for i, l in local.layers : [{
              id         = "quarantined${i}"
              expression = "SUM(SEARCH('${local.custom} MetricName=\"RowsQuarantined\" (${join(" OR ", [for s in l.steps : "Step=\"${s}\""])})', 'Sum', ${var.period}))"
              label      = "${l.layer} quarantined"
            }]],
          )
        }
      },
    ],
    # The pipeline's own metrics: one SEARCH per metric, whatever dimensions the function adds.
    [
      for w in var.metric_widgets : {
        type = "metric"
        properties = {
          title  = w.title
          region = local.region
          period = coalesce(w.period, var.period)
          metrics = [for i, m in w.metrics : [{
            id         = "m${i}"
            expression = "SEARCH('${local.custom} MetricName=\"${m}\"', '${w.stat}', ${coalesce(w.period, var.period)})"
            label      = m
          }]]
        }
      }
    ],
    [
      {
        type = "metric"
        properties = {
          title  = "Quality checks per outcome and layer"
          region = local.region
          period = var.period
          metrics = [for i, o in local.quality_outcomes : [{
            id         = "quality${i}"
            expression = "SEARCH('${local.custom} MetricName=\"QualityChecks${o}\"', 'Sum', ${var.period})"
            label      = lower(o)
          }]]
        }
      },
    ],
    var.quality_function_name == null ? [] : [
      {
        type = "log"
        properties = {
          title  = "Quality gate runs"
          region = local.region
          view   = "table"
          query  = "SOURCE '/aws/lambda/${var.quality_function_name}' | fields @timestamp, layer, batchSeq, outcome, counts.pass, counts.warn, counts.fail, counts.error | filter message = 'quality gate passed' or message = 'quality gate stopped the batch' | sort @timestamp desc | limit 50"
        }
      },
    ],
    [
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
