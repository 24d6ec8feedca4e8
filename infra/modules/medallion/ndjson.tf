# The NDJSON → Parquet pipeline (docs/ETL.md): input bucket → SQS (redrive to a DLQ) → the manifest
# builder (an event source mapping with partial batch failures) → one execution of
# ndjson_parquet_pipeline per manifest → the converter (Lambda, or the Fargate task for big
# manifests). Its functions are in local.functions; what they need beyond lake prefixes and tables
# is here, action by action.
locals {
  ndjson_state_machine_name = "${local.name_prefix}-ndjson-parquet-pipeline"
  # Built from the name, not read from the module: the manifest builder's environment and policy
  # would otherwise depend on the state machine, whose definition depends on the functions.
  ndjson_state_machine_arn = "arn:${data.aws_partition.current.partition}:states:${local.region}:${local.account_id}:stateMachine:${local.ndjson_state_machine_name}"
  ndjson_executions_arn    = "arn:${data.aws_partition.current.partition}:states:${local.region}:${local.account_id}:execution:${local.ndjson_state_machine_name}:*"
  ndjson_event_bus_name    = "${local.name_prefix}-ndjson"
  ndjson_event_bus_arn     = "arn:${data.aws_partition.current.partition}:events:${local.region}:${local.account_id}:event-bus/${local.ndjson_event_bus_name}"
  ndjson_eventbridge       = var.ndjson.dispatch == "eventbridge"

  # Settings of the functions that track files (shards, TTL) and of those that build manifests.
  ndjson_tracking_environment = {
    NDJSON_SHARDS   = tostring(var.ndjson.shards)
    NDJSON_TTL_DAYS = tostring(var.ndjson.ttl_days)
  }
  ndjson_builder_environment = merge(
    local.ndjson_tracking_environment,
    {
      NDJSON_MANIFEST_MAX_FILES  = tostring(var.ndjson.manifest_max_files)
      NDJSON_MANIFEST_MAX_BYTES  = tostring(var.ndjson.manifest_max_bytes)
      NDJSON_MANIFEST_MAX_WAIT_S = tostring(var.ndjson.manifest_max_wait_s)
      NDJSON_DISPATCH            = var.ndjson.dispatch
      NDJSON_STATE_MACHINE_ARN   = local.ndjson_state_machine_arn
    },
    var.ndjson.previous_shards == null ? {} : { NDJSON_PREVIOUS_SHARDS = tostring(var.ndjson.previous_shards) },
    local.ndjson_eventbridge ? { NDJSON_EVENT_BUS_NAME = local.ndjson_event_bus_name } : {},
  )
  # DuckDB's share of the converter's memory (its lanes split it); the rest is Node's: heap, read buffers, the scanner.
  ndjson_convert_memory_mb = coalesce(try(var.function_overrides["ndjson-convert"].memory_mb, null), local.functions["ndjson-convert"].memory_mb)
  ndjson_convert_environment = {
    NDJSON_INPUT_URI    = module.ndjson.input_uri
    NDJSON_MEMORY_LIMIT = "${floor(0.6 * local.ndjson_convert_memory_mb)}MiB"
  }

  # Per function folder, merged into local.functions' environments (contracts: docs/ETL.md).
  ndjson_environment = {
    "ndjson-manifest-builder" = local.ndjson_builder_environment
    "ndjson-recover-orphans"  = local.ndjson_builder_environment
    "ndjson-convert"          = local.ndjson_convert_environment
    "ndjson-update-status"    = local.ndjson_tracking_environment
    "ndjson-compensate"       = local.ndjson_tracking_environment
    "ndjson-dlq-report"       = { NDJSON_DLQ_URL = module.ndjson.dlq_url }
  }

  ndjson_start_statements = concat(
    [
      {
        # The execution is named by the manifest id: a second start of one manifest is refused.
        sid        = "StartPipelineExecutions"
        actions    = ["states:StartExecution"]
        resources  = [local.ndjson_state_machine_arn]
        conditions = []
      },
    ],
    local.ndjson_eventbridge ? [
      {
        sid        = "PutManifestReadyEvents"
        actions    = ["events:PutEvents"]
        resources  = [local.ndjson_event_bus_arn]
        conditions = []
      },
    ] : [],
  )

  # Beyond lake prefixes and tables (local.functions): the exact actions each function calls.
  ndjson_statements = {
    "ndjson-manifest-builder" = concat(local.ndjson_start_statements, [
      {
        # What the SQS event source mapping calls with the function's role.
        sid        = "ConsumeInputQueue"
        actions    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
        resources  = [module.ndjson.queue_arn]
        conditions = []
      },
    ])
    "ndjson-recover-orphans" = concat(local.ndjson_start_statements, [
      {
        # Whether a manifest's execution exists and how it ended (stuck or never started).
        sid        = "DescribePipelineExecutions"
        actions    = ["states:DescribeExecution"]
        resources  = [local.ndjson_executions_arn]
        conditions = []
      },
    ])
    "ndjson-convert" = [
      {
        sid        = "ReadInputFiles"
        actions    = ["s3:GetObject"]
        resources  = ["${module.ndjson.input_bucket_arn}/*"]
        conditions = []
      },
    ]
    "ndjson-dlq-report" = [
      {
        # Peek: receive, then hand the message straight back (visibility 0); never delete.
        sid        = "PeekDeadLetterQueue"
        actions    = ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
        resources  = [module.ndjson.dlq_arn]
        conditions = []
      },
    ]
  }

  # The state machine's ecs:runTask.sync Task, as the Step Functions developer guide lists it for
  # ECS: RunTask of the one task definition in the one cluster, PassRole of its two roles to ECS,
  # Stop/DescribeTasks of that cluster's tasks, and the managed rule .sync uses to learn that the task ended.
  run_fargate_statements = [
    {
      sid       = "RunConverterTask"
      actions   = ["ecs:RunTask"]
      resources = [module.ndjson.task_definition_arn]
      conditions = [
        { test = "ArnEquals", variable = "ecs:cluster", values = [module.ndjson.ecs_cluster_arn] },
      ]
    },
    {
      sid        = "WatchConverterTasks"
      actions    = ["ecs:StopTask", "ecs:DescribeTasks"]
      resources  = ["arn:${data.aws_partition.current.partition}:ecs:${local.region}:${local.account_id}:task/${module.ndjson.ecs_cluster_name}/*"]
      conditions = []
    },
    {
      sid       = "PassConverterTaskRoles"
      actions   = ["iam:PassRole"]
      resources = module.ndjson.task_role_arns
      conditions = [
        { test = "StringEquals", variable = "iam:PassedToService", values = ["ecs-tasks.amazonaws.com"] },
      ]
    },
    {
      sid        = "ManageEcsSyncRule"
      actions    = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
      resources  = ["arn:${data.aws_partition.current.partition}:events:${local.region}:${local.account_id}:rule/StepFunctionsGetEventsForECSTaskRule"]
      conditions = []
    },
  ]

  # The NDJSON dashboard: the functions outside the state machine, the input DLQ, and the pipeline's metrics.
  dashboard_extra_functions = { ndjson_parquet_pipeline = local.ndjson_outside_functions }
  dashboard_extra_queues    = { ndjson_parquet_pipeline = [module.ndjson.dlq_name] }
  dashboard_metric_widgets = {
    ndjson_parquet_pipeline = [
      { title = "Files registered per minute", metrics = ["FilesRegistered"], stat = "Sum", period = 60 },
      { title = "Manifests started", metrics = ["ManifestsStarted"], stat = "Sum", period = null },
      { title = "Age of the oldest open manifest (s)", metrics = ["ManifestAgeSeconds"], stat = "Maximum", period = null },
      { title = "Circuit breaker open (1 = open)", metrics = ["BreakerOpen"], stat = "Maximum", period = 60 },
      { title = "Lines quarantined (rejects)", metrics = ["LinesQuarantined"], stat = "Sum", period = null },
    ]
  }
}

module "ndjson" {
  source = "../glue-replacement"

  name_prefix       = local.name_prefix
  input_bucket_name = "${local.name_prefix}-${local.account_id}-ndjson-input"
  # AWS: at least 6x the function timeout plus the batching window.
  visibility_timeout_s = 6 * coalesce(try(var.function_overrides["ndjson-manifest-builder"].timeout_s, null), local.functions["ndjson-manifest-builder"].timeout_s) + var.ndjson.batching_window_s
  max_receive_count    = var.ndjson.max_receive_count
  queue_age_alarm_s    = var.ndjson.queue_age_alarm_s
  vpc_id               = var.ndjson.vpc_id
  private_subnet_ids   = var.ndjson.private_subnet_ids
  fargate              = var.ndjson.fargate
  # The module adds NDJSON_INPUT_URI and the read of the input bucket (its own).
  task_environment                   = merge(local.common_environment, { POWERTOOLS_SERVICE_NAME = "ndjson-convert" })
  task_statements                    = local.function_data_statements["ndjson-convert"]
  kms_key_arn                        = module.kms.key_arn
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  force_destroy                      = var.force_destroy_buckets
  log_retention_days                 = var.log_retention_days
  alarm_topic_arn                    = module.alerts.topic_arn
  tags                               = local.tags
}

# S3 events in batches; a record the builder cannot handle is reported back alone
# (ReportBatchItemFailures) and retried until max_receive_count sends it to the DLQ.
resource "aws_lambda_event_source_mapping" "ndjson_input" {
  event_source_arn                   = module.ndjson.queue_arn
  function_name                      = module.functions["ndjson-manifest-builder"].function_arn
  batch_size                         = var.ndjson.batch_size
  maximum_batching_window_in_seconds = var.ndjson.batching_window_s
  function_response_types            = ["ReportBatchItemFailures"]

  # Caps the builder's concurrency (DynamoDB and the breaker see at most this many callers).
  scaling_config {
    maximum_concurrency = var.ndjson.max_concurrency
  }
}

# Hourly orphan recovery: manifests claimed but never started, or stuck, are re-driven or released.
module "ndjson_recovery_schedule" {
  source = "../eventbridge"

  rule_name           = "${local.name_prefix}-ndjson-recover-orphans"
  description         = "Run ndjson-recover-orphans every hour"
  schedule_expression = "rate(1 hour)"
  enabled             = var.schedules_enabled
  target_arn          = module.functions["ndjson-recover-orphans"].function_arn
  target_is_lambda    = true
  kms_key_arn         = module.kms.key_arn
  alarm_topic_arn     = module.alerts.topic_arn
  tags                = local.tags
}

# NDJSON_DISPATCH = eventbridge: the builder puts ManifestReady on this bus instead of starting the
# execution; the rule starts it with the event's detail ({ manifest_id, bytes, files }).
resource "aws_cloudwatch_event_bus" "ndjson" {
  count = local.ndjson_eventbridge ? 1 : 0

  name = local.ndjson_event_bus_name
  tags = local.tags
}

module "ndjson_manifest_ready" {
  source = "../eventbridge"
  count  = local.ndjson_eventbridge ? 1 : 0

  rule_name          = "${local.name_prefix}-ndjson-manifest-ready"
  description        = "Start ndjson_parquet_pipeline for each ManifestReady event"
  event_bus_name     = aws_cloudwatch_event_bus.ndjson[0].name
  event_pattern      = jsonencode({ "detail-type" = ["ManifestReady"] })
  target_arn         = module.state_machines["ndjson_parquet_pipeline"].state_machine_arn
  target_kms_key_arn = module.kms.key_arn
  input_path         = "$.detail"
  kms_key_arn        = module.kms.key_arn
  alarm_topic_arn    = module.alerts.topic_arn
  tags               = local.tags
}

# The pipeline's own signals, from the functions' Powertools metrics (namespace Medallion,
# dimensions service = function folder and Environment).
module "ndjson_alarms" {
  source = "../alarms"

  name_prefix     = "${local.name_prefix}-ndjson"
  alarm_topic_arn = module.alerts.topic_arn
  tags            = local.tags
  alarms = {
    breaker-open = {
      description = "The manifest builder's circuit breaker opened: the state machine API is failing and S3 events return to the queue (docs/ETL.md)."
      namespace   = "Medallion"
      metric_name = "BreakerOpen"
      dimensions  = { service = "ndjson-manifest-builder", Environment = var.environment }
      statistic   = "Maximum"
      period      = 60
      threshold   = 1
    }
    manifest-age = {
      description = "A manifest has been open (claimed or started) for over ${var.ndjson.manifest_age_alarm_s} s: orphan recovery is not repairing it."
      namespace   = "Medallion"
      metric_name = "ManifestAgeSeconds"
      dimensions  = { service = "ndjson-recover-orphans", Environment = var.environment }
      statistic   = "Maximum"
      period      = 3600
      threshold   = var.ndjson.manifest_age_alarm_s
    }
  }
}
