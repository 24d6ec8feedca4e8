# The disclosures API (docs/API.md): API Gateway HTTP API → the `api` function (local.functions),
# through its `live` alias so provisioned concurrency, when asked for, serves the traffic; stage
# throttling and KMS-encrypted access logs (module http-api); a dashboard of latency and errors.
locals {
  # One route per path (the router in @medallion/api serves them all; docs/openapi.yaml lists them).
  api_routes = [
    "GET /v1/members",
    "GET /v1/members/{bioguide_id}",
    "GET /v1/members/{bioguide_id}/trades",
    "GET /v1/members/{bioguide_id}/stats",
    "GET /v1/transactions/recent",
    "GET /v1/stocks/{ticker}/trades",
    "GET /v1/filings/{doc_id}",
    "GET /v1/trending-stocks",
    "GET /v1/top-traders",
    "GET /v1/analytics/summary",
    "GET /v1/health",
  ]

  # Functions that publish versions: the API's alias points at one.
  published_functions = ["api"]

  api_environment = {
    "api" = {
      API_GOLD_CHECK_MS  = tostring(var.api.gold_check_ms)
      API_CORS_ORIGIN    = join(",", var.api.cors_allow_origins)
      API_DUCKDB_THREADS = "2"
    }
  }
  api_name = "${local.name_prefix}-api"
  # The alias API Gateway invokes (a constant: the permission and the provisioned concurrency name it).
  api_alias = "live"
}

resource "aws_lambda_alias" "api_live" {
  name             = local.api_alias
  description      = "What API Gateway invokes; carries the provisioned concurrency."
  function_name    = module.functions["api"].function_name
  function_version = module.functions["api"].version
}

resource "aws_lambda_provisioned_concurrency_config" "api" {
  count = var.api.provisioned_concurrency > 0 ? 1 : 0

  function_name                     = module.functions["api"].function_name
  qualifier                         = local.api_alias
  provisioned_concurrent_executions = var.api.provisioned_concurrency

  depends_on = [aws_lambda_alias.api_live]
}

module "http_api" {
  source = "../http-api"

  name                   = local.api_name
  description            = "Medallion disclosures API (${var.environment}): GET /v1/... over gold"
  routes                 = local.api_routes
  lambda_function_name   = module.functions["api"].function_name
  lambda_invoke_arn      = aws_lambda_alias.api_live.invoke_arn
  lambda_qualifier       = local.api_alias
  throttling_burst_limit = var.api.throttling_burst_limit
  throttling_rate_limit  = var.api.throttling_rate_limit
  cors_allow_origins     = var.api.cors_allow_origins
  kms_key_arn            = module.kms.key_arn
  log_retention_days     = var.log_retention_days
  tags                   = local.tags

  # The permission names the alias by its (constant) name: create the alias first.
  depends_on = [aws_lambda_alias.api_live]
}

locals {
  api_metric_dimensions = ["ApiId", module.http_api.api_id, "Stage", module.http_api.stage_name]
  api_function_alias    = ["FunctionName", module.functions["api"].function_name, "Resource", "${module.functions["api"].function_name}:live"]
}

resource "aws_cloudwatch_dashboard" "api" {
  dashboard_name = local.api_name
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title = "API latency p50 / p99 (ms)", region = local.region, view = "timeSeries", period = 60
          metrics = [
            concat(["AWS/ApiGateway", "Latency"], local.api_metric_dimensions, [{ stat = "p50", label = "p50" }]),
            concat(["AWS/ApiGateway", "Latency"], local.api_metric_dimensions, [{ stat = "p99", label = "p99" }]),
            concat(["AWS/ApiGateway", "IntegrationLatency"], local.api_metric_dimensions, [{ stat = "p99", label = "integration p99" }]),
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title = "Requests, 4xx and 5xx", region = local.region, view = "timeSeries", period = 60, stat = "Sum"
          metrics = [
            concat(["AWS/ApiGateway", "Count"], local.api_metric_dimensions, [{ label = "requests" }]),
            concat(["AWS/ApiGateway", "4xx"], local.api_metric_dimensions, [{ label = "4xx" }]),
            concat(["AWS/ApiGateway", "5xx"], local.api_metric_dimensions, [{ label = "5xx" }]),
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title = "API function duration p50 / p99 (ms), cold starts show as init", region = local.region, view = "timeSeries", period = 60
          metrics = [
            concat(["AWS/Lambda", "Duration"], local.api_function_alias, [{ stat = "p50", label = "p50" }]),
            concat(["AWS/Lambda", "Duration"], local.api_function_alias, [{ stat = "p99", label = "p99" }]),
          ]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title = "API function errors, throttles, provisioned spillover", region = local.region, view = "timeSeries", period = 60, stat = "Sum"
          metrics = [
            concat(["AWS/Lambda", "Errors"], local.api_function_alias),
            concat(["AWS/Lambda", "Throttles"], local.api_function_alias),
            concat(["AWS/Lambda", "ProvisionedConcurrencySpilloverInvocations"], local.api_function_alias),
          ]
        }
      },
    ]
  })
}
