# The market-data batch layer (docs/OHLCV.md): ohlcv_pipeline (its functions and schedule are in
# local.functions and local.state_machines) plus what only it has: PostgreSQL on RDS in private
# subnets, the functions that reach it in the VPC, the Polygon key in SSM, and the retention
# function's own daily schedule.
variable "ohlcv" {
  type = object({
    # Default: the NDJSON pipeline's VPC and private subnets (S3 and the Polygon API through NAT or endpoints).
    vpc_id                    = optional(string)
    private_subnet_ids        = optional(list(string))
    polygon_api_key_parameter = optional(string, "/medallion/polygon-api-key")
    polygon_base_url          = optional(string, "https://api.polygon.io")
    backfill_from             = optional(string, "2020-01-02")
    max_requests_per_run      = optional(number, 5)
    chunk_wait_s              = optional(number, 60)
    retention_schedule        = optional(string, "cron(0 9 * * ? *)")
    db_instance_class         = optional(string, "db.t4g.small")
    db_multi_az               = optional(bool, false)
    db_deletion_protection    = optional(bool, true)
  })
  description = "The market-data pipeline: VPC and private subnets of its database (default: ndjson's), the SSM SecureString holding the Polygon key, the API base URL, the first session of a backfill, grouped-daily calls per chunk and the wait between chunks (the free tier allows 5 a minute), the retention function's schedule, and the RDS instance."
  default     = {}

  validation {
    condition     = can(regex("^\\d{4}-\\d{2}-\\d{2}$", var.ohlcv.backfill_from)) && var.ohlcv.max_requests_per_run >= 1 && var.ohlcv.chunk_wait_s >= 0
    error_message = "ohlcv.backfill_from is YYYY-MM-DD; max_requests_per_run at least 1; chunk_wait_s not negative."
  }
}

locals {
  ohlcv_vpc_id             = coalesce(var.ohlcv.vpc_id, var.ndjson.vpc_id)
  ohlcv_private_subnet_ids = coalesce(var.ohlcv.private_subnet_ids, var.ndjson.private_subnet_ids)
  # The functions that open the database (the resampler reads and writes the lake only).
  ohlcv_db_functions = ["ohlcv-fetch", "ohlcv-retention"]

  ohlcv_polygon_key_parameter_arn = "arn:${data.aws_partition.current.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.ohlcv.polygon_api_key_parameter, "/")}"

  ohlcv_db_environment = {
    OHLCV_PG_SECRET_ARN = module.ohlcv_db.secret_arn
    OHLCV_PG_HOST       = module.ohlcv_db.address
    OHLCV_PG_PORT       = tostring(module.ohlcv_db.port)
    OHLCV_PG_DATABASE   = module.ohlcv_db.database_name
  }
  ohlcv_environment = {
    "ohlcv-fetch" = merge(local.ohlcv_db_environment, {
      OHLCV_POLYGON_BASE_URL          = var.ohlcv.polygon_base_url
      OHLCV_POLYGON_API_KEY_PARAMETER = var.ohlcv.polygon_api_key_parameter
      OHLCV_BACKFILL_FROM             = var.ohlcv.backfill_from
      OHLCV_MAX_REQUESTS_PER_RUN      = tostring(var.ohlcv.max_requests_per_run)
      OHLCV_CHUNK_WAIT_SECONDS        = tostring(var.ohlcv.chunk_wait_s)
    })
    "ohlcv-retention" = local.ohlcv_db_environment
  }

  ohlcv_vpc_config = {
    for f in local.ohlcv_db_functions : f => {
      subnet_ids         = local.ohlcv_private_subnet_ids
      security_group_ids = [module.ohlcv_db.client_security_group_id]
    }
  }

  # The database secret (RDS-managed, encrypted with the environment key the role may already use).
  ohlcv_db_statements = [
    {
      sid        = "ReadOhlcvDatabaseSecret"
      actions    = ["secretsmanager:GetSecretValue"]
      resources  = [module.ohlcv_db.secret_arn]
      conditions = []
    },
  ]
  ohlcv_statements = {
    "ohlcv-fetch" = concat(local.ohlcv_db_statements, [
      {
        sid        = "ReadPolygonApiKeyParameter"
        actions    = ["ssm:GetParameter"]
        resources  = [local.ohlcv_polygon_key_parameter_arn]
        conditions = []
      },
      {
        sid       = "DecryptPolygonApiKeyViaSsm"
        actions   = ["kms:Decrypt"]
        resources = [module.kms.key_arn]
        conditions = [
          { test = "StringEquals", variable = "kms:ViaService", values = ["ssm.${local.region}.${data.aws_partition.current.dns_suffix}"] },
          { test = "StringEquals", variable = "kms:EncryptionContext:PARAMETER_ARN", values = [local.ohlcv_polygon_key_parameter_arn] },
        ]
      },
    ])
    "ohlcv-retention" = local.ohlcv_db_statements
  }
}

module "ohlcv_db" {
  source = "../rds_postgres"

  identifier          = "${local.name_prefix}-ohlcv"
  vpc_id              = local.ohlcv_vpc_id
  private_subnet_ids  = local.ohlcv_private_subnet_ids
  kms_key_arn         = module.kms.key_arn
  instance_class      = var.ohlcv.db_instance_class
  multi_az            = var.ohlcv.db_multi_az
  deletion_protection = var.ohlcv.db_deletion_protection
  alarm_topic_arn     = module.alerts.topic_arn
  tags                = local.tags
}

# Retention also runs on its own, daily, so the cache keeps its window when the pipeline is paused.
module "ohlcv_retention_schedule" {
  source = "../eventbridge"

  rule_name           = "${local.name_prefix}-ohlcv-retention-schedule"
  description         = "raw_ohlcv rows older than 5 years + 1 month to raw_ohlcv_archive (${var.ohlcv.retention_schedule})"
  schedule_expression = var.ohlcv.retention_schedule
  enabled             = var.schedules_enabled
  target_arn          = module.functions["ohlcv-retention"].function_arn
  target_is_lambda    = true
  input               = jsonencode({})
  kms_key_arn         = module.kms.key_arn
  alarm_topic_arn     = module.alerts.topic_arn
  tags                = local.tags
}
