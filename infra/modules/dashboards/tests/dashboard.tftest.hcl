# terraform test (run by make validate through tf-check when terraform is installed): the
# dashboard body CloudWatch receives, planned against a mocked AWS provider.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = {
      name = "us-east-1"
    }
  }
}

variables {
  dashboard_name        = "medallion-test-house-fd-pipeline"
  pipeline              = "house_fd_pipeline"
  state_machine_arn     = "arn:aws:states:us-east-1:000000000000:stateMachine:medallion-test-house-fd-pipeline"
  function_names        = ["medallion-test-house-fd-ingest-zip", "medallion-test-house-fd-index-to-silver", "medallion-test-house-fd-transform-to-gold", "medallion-test-run-quality-checks"]
  steps                 = ["house-fd-ingest-zip", "house-fd-index-to-silver", "house-fd-transform-to-gold", "run-quality-checks"]
  step_layers           = { "house-fd-ingest-zip" = "bronze", "house-fd-index-to-silver" = "silver", "house-fd-transform-to-gold" = "gold" }
  quality_function_name = "medallion-test-run-quality-checks"
  table_names           = ["medallion-test-watermarks", "medallion-test-idempotency"]
  queue_names           = ["medallion-test-house-fd-ingest-zip-dlq"]
}

run "every_widget_the_pipeline_needs" {
  command = plan

  assert {
    condition = alltrue([for t in [
      "house_fd_pipeline: executions", "house_fd_pipeline: execution time (ms)",
      "Lambda duration p50 (ms)", "Lambda duration p95 (ms)", "Lambda duration p99 (ms)",
      "Lambda errors", "Lambda throttles", "DynamoDB throttle events", "Dead-letter queue depth",
      "Rows in / out / quarantined per step", "Rows written and quarantined per layer",
      "Quality checks per outcome and layer", "Quality gate runs", "Recent errors (Powertools JSON logs)",
    ] : contains([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.properties.title], t)])
    error_message = "A widget is missing from the dashboard."
  }

  assert {
    # CloudWatch wants every entry of "metrics" to be an array (a metric, or [{ expression }]).
    condition     = alltrue([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : alltrue([for m in try(w.properties.metrics, []) : can(m[0])])])
    error_message = "Every metrics entry must be a list."
  }

  assert {
    condition     = length([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w if w.properties.title == "DynamoDB throttle events"][0].properties.metrics) == 4
    error_message = "Read and write throttles of each of the two tables."
  }

  assert {
    condition = [for m in [for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w if w.properties.title == "Rows written and quarantined per layer"][0].properties.metrics : m[0].label] == [
      "bronze rows written", "silver rows written", "gold rows written", "bronze quarantined", "silver quarantined", "gold quarantined",
    ]
    error_message = "Rows per layer, in medallion order."
  }

  assert {
    condition     = strcontains(jsonencode(jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets), "SUM(SEARCH('Namespace=\\\"Medallion\\\" MetricName=\\\"RowsOut\\\" (Step=\\\"house-fd-index-to-silver\\\")', 'Sum', 300))")
    error_message = "Silver rows are the RowsOut of the steps writing silver."
  }

  assert {
    condition     = alltrue([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.width == 12 && w.height == 6 && contains([0, 12], w.x)])
    error_message = "Widgets are laid out on two columns."
  }
}

run "optional_widgets_and_filters" {
  command = plan

  variables {
    step_layers           = {}
    quality_function_name = null
    metric_dimensions     = { Environment = "test" }
  }

  assert {
    condition     = length([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w if contains(["Rows written and quarantined per layer", "Quality gate runs"], w.properties.title)]) == 0
    error_message = "Without step_layers and quality_function_name those widgets are left out."
  }

  assert {
    condition     = strcontains(aws_cloudwatch_dashboard.this.dashboard_body, "Environment=\\\"test\\\" MetricName=\\\"QualityChecksFailed\\\"")
    error_message = "metric_dimensions narrow every custom-metric search."
  }
}
