data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

# Guardrails that span several variables (variable validation cannot, before Terraform 1.9).
resource "terraform_data" "guardrails" {
  input = {
    environment  = var.environment
    log_level    = var.log_level
    alert_emails = var.alert_emails
  }

  lifecycle {
    precondition {
      condition     = !(var.environment == "prod" && var.log_level == "DEBUG")
      error_message = "Production never logs at DEBUG: set log_level to INFO, WARN or ERROR."
    }

    precondition {
      condition     = !(var.environment == "prod" && var.force_destroy_buckets)
      error_message = "Production lake buckets are never force-destroyed."
    }

    # An alarm nobody receives is no alarm: staging and prod need a subscriber to the alerts topic.
    precondition {
      condition     = !(contains(["staging", "prod"], var.environment) && length(var.alert_emails) == 0)
      error_message = "staging and prod need at least one alert_emails subscriber to the alerts topic."
    }

    # The function refuses the congress.gov API without its key: refuse the plan instead.
    precondition {
      condition     = !(var.house_fd_member_source == "congress-gov" && startswith(var.house_fd_members_url, "https://api.congress.gov/") && var.congress_gov_api_key_parameter == null)
      error_message = "house_fd_members_url is the congress.gov API: set congress_gov_api_key_parameter to the SSM SecureString holding its key."
    }

    precondition {
      condition     = !(var.house_fd_member_source == "legislators-historical" && var.congress_gov_api_key_parameter != null)
      error_message = "congress_gov_api_key_parameter is only read with house_fd_member_source = \"congress-gov\": remove it (the function would be granted a key it never reads)."
    }
  }
}

module "kms" {
  source = "../kms"

  name_prefix             = local.name_prefix
  key_administrators      = var.key_administrators
  deletion_window_in_days = var.kms_deletion_window_days
  tags                    = local.tags
}

module "alerts" {
  source = "../sns"

  topic_name    = "${local.name_prefix}-alerts"
  kms_key_arn   = module.kms.key_arn
  subscriptions = [for e in var.alert_emails : { protocol = "email", endpoint = e }]
  tags          = local.tags
}

module "lake" {
  source   = "../s3"
  for_each = toset(local.lake_layers)

  bucket_name                        = "${local.name_prefix}-${local.account_id}-${each.key}"
  layer                              = each.key
  kms_key_arn                        = module.kms.key_arn
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  transition_to_glacier_ir_days      = each.key == "bronze" ? var.bronze_glacier_ir_days : 0
  force_destroy                      = var.force_destroy_buckets
  tags                               = local.tags

  # Large NDJSON manifests' file lists (docs/ETL.md): needed while their execution can run or be redriven (14 days).
  expire_prefixes = each.key == local.prefix_bucket["_manifests/ndjson"] ? { expire-ndjson-manifests = { prefix = "_manifests/ndjson/", days = 30 } } : {}
}

module "tables" {
  source   = "../dynamodb"
  for_each = local.tables

  table_name               = "${local.name_prefix}-${replace(each.key, "_", "-")}"
  hash_key                 = each.value.hashKey
  range_key                = try(each.value.rangeKey, null)
  ttl_attribute            = try(each.value.ttlAttribute, null)
  global_secondary_indexes = try(each.value.globalSecondaryIndexes, [])
  kms_key_arn              = module.kms.key_arn
  deletion_protection      = var.table_deletion_protection
  alarm_topic_arn          = module.alerts.topic_arn
  throttle_alarm_threshold = var.alarm_thresholds.dynamodb_throttles
  tags                     = local.tags
}

locals {
  lake_root_uri = module.lake[local.lake_root_layer].uri

  # What every function reads from its environment (documented in infra/README.md).
  common_environment = merge(
    {
      MEDALLION_ENV                = var.environment
      MEDALLION_LAKE_URI           = local.lake_root_uri
      WATERMARK_TABLE              = module.tables["watermarks"].table_name
      ALERTS_TOPIC_ARN             = module.alerts.topic_arn
      LOG_LEVEL                    = var.log_level
      POWERTOOLS_METRICS_NAMESPACE = "Medallion"
      HOUSE_FD_SOURCE_URL          = var.house_fd_source_url
      NODE_OPTIONS                 = "--enable-source-maps"
    },
    { for layer in local.lake_layers : "MEDALLION_LAKE_${upper(layer)}_URI" => module.lake[layer].uri },
    { for name, table in module.tables : "MEDALLION_TABLE_${upper(name)}" => table.table_name },
    var.house_fd_years == "" ? {} : { HOUSE_FD_YEARS = var.house_fd_years },
  )

  # Only the functions that fetch the member list (local.member_list_functions) get its settings.
  member_list_environment = merge(
    {
      HOUSE_FD_MEMBER_SOURCE = var.house_fd_member_source
      HOUSE_FD_MEMBERS_URL   = var.house_fd_members_url
    },
    var.congress_gov_api_key_parameter == null ? {} : { CONGRESS_GOV_API_KEY_PARAMETER = var.congress_gov_api_key_parameter },
  )

  # SSM parameter ARNs drop the name's leading "/".
  congress_gov_api_key_parameter_arn = var.congress_gov_api_key_parameter == null ? null : "arn:${data.aws_partition.current.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.congress_gov_api_key_parameter, "/")}"

  # Reading the SecureString: GetParameter on that one parameter, and Decrypt of the environment
  # key only when SSM asks for it, for that parameter (SSM's encryption context is its ARN).
  member_list_statements = var.congress_gov_api_key_parameter == null ? [] : [
    {
      sid        = "ReadCongressGovApiKeyParameter"
      actions    = ["ssm:GetParameter"]
      resources  = [local.congress_gov_api_key_parameter_arn]
      conditions = []
    },
    {
      sid       = "DecryptCongressGovApiKeyViaSsm"
      actions   = ["kms:Decrypt"]
      resources = [module.kms.key_arn]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["ssm.${local.region}.${data.aws_partition.current.dns_suffix}"] },
        { test = "StringEquals", variable = "kms:EncryptionContext:PARAMETER_ARN", values = [local.congress_gov_api_key_parameter_arn] },
      ]
    },
  ]

  # The exact lake prefixes and tables each function touches, as IAM statements: objects only in
  # the bucket that holds the prefix, listing only under the prefixes granted in that bucket.
  function_lake_buckets = {
    for name, fn in local.functions : name => {
      for layer in distinct([for prefix in keys(fn.lake) : local.prefix_bucket[prefix]]) : layer => sort([for prefix in keys(fn.lake) : prefix if local.prefix_bucket[prefix] == layer])
    }
  }

  # Lake prefixes and tables only: what the ndjson-convert Fargate task shares with its Lambda.
  function_data_statements = {
    for name, fn in local.functions : name => concat(
      [
        for prefix, access in fn.lake : {
          sid        = "Lake${replace(title(replace(replace(prefix, "_", " "), "/", " ")), " ", "")}${local.access_sid_suffix[access]}"
          actions    = local.lake_actions[access]
          resources  = ["${module.lake[local.prefix_bucket[prefix]].bucket_arn}/${prefix}/*"]
          conditions = []
        }
      ],
      [
        # Without ListBucket a missing key answers 403 instead of 404; s3:prefix keeps listing to
        # the function's own prefixes.
        for layer, prefixes in local.function_lake_buckets[name] : {
          sid       = "List${title(layer)}Bucket"
          actions   = ["s3:ListBucket"]
          resources = [module.lake[layer].bucket_arn]
          conditions = [{
            test     = "StringLike"
            variable = "s3:prefix"
            values   = flatten([for p in prefixes : [p, "${p}/*"]])
          }]
        }
      ],
      [
        for table, access in fn.tables : {
          sid        = "Table${replace(title(replace(table, "_", " ")), " ", "")}${access == "readwrite" ? "ReadWrite" : "Read"}"
          actions    = local.table_actions[access]
          resources  = concat([module.tables[table].table_arn], module.tables[table].index_arns)
          conditions = []
        }
      ],
    )
  }

  function_statements = {
    for name, fn in local.functions : name => concat(
      local.function_data_statements[name],
      contains(local.member_list_functions, name) ? local.member_list_statements : [],
      lookup(local.ndjson_statements, name, []),
      lookup(local.ohlcv_statements, name, []),
      lookup(local.congress_statements, name, []),
    )
  }
}

module "functions" {
  source   = "../lambda"
  for_each = local.functions

  function_name        = "${local.name_prefix}-${each.key}"
  description          = substr(jsondecode(file("${local.repo_root}/functions/${each.key}/package.json")).description, 0, 256)
  zip_path             = "${local.repo_root}/dist/functions/${each.key}.zip"
  memory_mb            = coalesce(try(var.function_overrides[each.key].memory_mb, null), each.value.memory_mb)
  timeout_s            = coalesce(try(var.function_overrides[each.key].timeout_s, null), each.value.timeout_s)
  reserved_concurrency = coalesce(try(var.function_overrides[each.key].reserved_concurrency, null), -1)
  ephemeral_storage_mb = lookup(local.ephemeral_storage_mb, each.key, 512)
  publish              = contains(local.published_functions, each.key)
  environment = merge(
    local.common_environment,
    { POWERTOOLS_SERVICE_NAME = each.key },
    contains(local.member_list_functions, each.key) ? local.member_list_environment : {},
    lookup(local.ndjson_environment, each.key, {}),
    lookup(local.ohlcv_environment, each.key, {}),
    lookup(local.api_environment, each.key, {}),
    lookup(local.congress_environment, each.key, {}),
  )
  vpc_config                    = lookup(local.ohlcv_vpc_config, each.key, null)
  kms_key_arn                   = module.kms.key_arn
  log_retention_days            = var.log_retention_days
  alarm_topic_arn               = module.alerts.topic_arn
  errors_alarm_threshold        = var.alarm_thresholds.lambda_errors
  duration_alarm_pct_of_timeout = var.alarm_thresholds.lambda_duration_pct_of_timeout
  policy_statements             = local.function_statements[each.key]
  tags                          = local.tags
}

locals {
  # Every $${placeholder} a state machine may use: fn_<function folder with - as _> and alerts_topic_arn.
  state_machine_template_vars = merge(
    { for name, fn in module.functions : "fn_${replace(name, "-", "_")}" => fn.function_arn },
    { alerts_topic_arn = module.alerts.topic_arn },
    # The NDJSON converter's Fargate task; subnets and security groups comma-separated (the ASL splits them).
    {
      ecs_cluster_arn         = module.ndjson.ecs_cluster_arn
      ecs_task_definition_arn = module.ndjson.task_definition_arn
      ecs_subnets             = join(",", var.ndjson.private_subnet_ids)
      ecs_security_groups     = join(",", module.ndjson.security_group_ids)
    },
  )

  # The functions each definition names, read from the ASL itself: its role may invoke exactly these.
  state_machine_functions = {
    for name, sm in local.state_machines : name => distinct([
      for m in regexall("[$][{]fn_([a-z0-9_]+)[}]", file("${local.repo_root}/state_machines/${name}.json")) : replace(m[0], "_", "-")
    ])
  }
}

module "state_machines" {
  source   = "../step_functions"
  for_each = local.state_machines

  state_machine_name          = "${local.name_prefix}-${replace(each.key, "_", "-")}"
  definition_file             = "${local.repo_root}/state_machines/${each.key}.json"
  definition_vars             = local.state_machine_template_vars
  invoked_function_arns       = [for f in local.state_machine_functions[each.key] : module.functions[f].function_arn]
  published_topic_arns        = [module.alerts.topic_arn]
  policy_statements           = each.value.fargate ? local.run_fargate_statements : []
  kms_key_arn                 = module.kms.key_arn
  log_retention_days          = var.log_retention_days
  log_level                   = var.state_machine_log_level
  include_execution_data      = var.state_machine_include_execution_data
  alarm_topic_arn             = module.alerts.topic_arn
  failed_executions_threshold = var.alarm_thresholds.failed_executions
  # Only a pipeline that runs on a schedule is expected to succeed every few hours.
  stopped_running_alarm_hours = var.schedules_enabled && each.value.schedule_expression != null && each.value.stopped_alarm ? coalesce(each.value.stopped_hours, var.alarm_thresholds.pipeline_stopped_hours) : null
  tags                        = local.tags
}

module "schedules" {
  source   = "../eventbridge"
  for_each = { for name, sm in local.state_machines : name => sm if sm.schedule_expression != null }

  rule_name           = "${local.name_prefix}-${replace(each.key, "_", "-")}-schedule"
  description         = "Start ${each.key} on ${each.value.schedule_expression}"
  schedule_expression = each.value.schedule_expression
  enabled             = var.schedules_enabled
  target_arn          = module.state_machines[each.key].state_machine_arn
  target_kms_key_arn  = module.kms.key_arn
  input               = jsonencode(each.value.schedule_input)
  kms_key_arn         = module.kms.key_arn
  alarm_topic_arn     = module.alerts.topic_arn
  tags                = local.tags
}

module "dashboards" {
  source   = "../dashboards"
  for_each = local.state_machines

  dashboard_name        = "${local.name_prefix}-${replace(each.key, "_", "-")}"
  pipeline              = each.key
  state_machine_arn     = module.state_machines[each.key].state_machine_arn
  function_names        = [for f in concat(local.state_machine_functions[each.key], lookup(local.dashboard_extra_functions, each.key, [])) : module.functions[f].function_name]
  steps                 = local.state_machine_functions[each.key]
  step_layers           = { for f in local.state_machine_functions[each.key] : f => local.functions[f].layer if local.functions[f].layer != null }
  quality_function_name = contains(local.state_machine_functions[each.key], "run-quality-checks") ? module.functions["run-quality-checks"].function_name : null
  table_names           = [for t in module.tables : t.table_name]
  queue_names           = concat([for f in concat(local.state_machine_functions[each.key], lookup(local.dashboard_extra_functions, each.key, [])) : module.functions[f].dlq_name], try([module.schedules[each.key].dlq_name], []), lookup(local.dashboard_extra_queues, each.key, []))
  metric_widgets        = lookup(local.dashboard_metric_widgets, each.key, [])
  # The functions add Environment (MEDALLION_ENV) to every custom metric.
  metric_dimensions = { Environment = var.environment }
}
