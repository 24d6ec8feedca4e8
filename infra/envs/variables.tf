# Values per environment live in <env>.tfvars. Descriptions and validation of the pipeline
# settings are in infra/modules/medallion/variables.tf.

variable "aws_region" {
  type        = string
  description = "Region to deploy to; null uses AWS_REGION or the profile's region."
  default     = null
}

variable "project" {
  type        = string
  description = "Project name: the first part of every resource name."
  default     = "medallion"
}

variable "environment" {
  type        = string
  description = "Environment name: dev, staging or prod (must match the <env>.tfvars file name)."
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every function; never DEBUG in prod."

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group."
}

variable "function_overrides" {
  type = map(object({
    memory_mb            = optional(number)
    timeout_s            = optional(number)
    reserved_concurrency = optional(number)
  }))
  description = "Per-function memory, timeout or reserved concurrency, keyed by function folder."
  default     = {}
}

variable "alarm_thresholds" {
  type = object({
    lambda_errors                  = number
    lambda_duration_pct_of_timeout = number
    failed_executions              = number
    dynamodb_throttles             = number
    pipeline_stopped_hours         = optional(number, 3)
  })
  description = "Alarm thresholds (see infra/modules/medallion)."
}

variable "alert_emails" {
  type        = list(string)
  description = "Addresses subscribed to the alerts topic; at least one in staging and prod."
  default     = []
}

variable "schedules_enabled" {
  type        = bool
  description = "Whether the pipelines' schedules fire."
  default     = true
}

variable "house_fd_source_url" {
  type        = string
  description = "Base URL of the House Clerk disclosure site."
  default     = "https://disclosures-clerk.house.gov/public_disc"
}

variable "house_fd_years" {
  type        = string
  description = "Comma-separated years watched; empty means this year and last."
  default     = ""
}

variable "house_fd_member_source" {
  type        = string
  description = "The complete member list house-fd-ingest-zip reads: congress-gov or legislators-historical."
  default     = "legislators-historical"
}

variable "house_fd_members_url" {
  type        = string
  description = "https URL of that list (the congress.gov API or legislators-historical.yaml)."
  default     = "https://unitedstates.github.io/congress-legislators/legislators-historical.yaml"
}

variable "congress_gov_api_key_parameter" {
  type        = string
  description = "SSM SecureString holding the api.congress.gov key (set by the operator, docs/DEPLOYMENT.md); null unless the list is the congress.gov API."
  default     = null
}

variable "state_machine_log_level" {
  type        = string
  description = "Execution history logged by the state machines: ALL, ERROR or FATAL."
  default     = "ERROR"
}

variable "state_machine_include_execution_data" {
  type        = bool
  description = "Log state inputs and outputs with the execution history."
  default     = false
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced lake object version is kept."
}

variable "bronze_glacier_ir_days" {
  type        = number
  description = "Days after which bronze objects move to Glacier Instant Retrieval; 0 keeps them in Standard."
  default     = 0
}

variable "force_destroy_buckets" {
  type        = bool
  description = "Let terraform destroy delete non-empty lake buckets (dev only)."
  default     = false
}

variable "table_deletion_protection" {
  type        = bool
  description = "Protect the DynamoDB tables against deletion."
  default     = true
}

variable "key_administrators" {
  type        = list(string)
  description = "IAM role or user ARNs administering the environment key (include the deploying role and a break-glass role)."
}

variable "kms_deletion_window_days" {
  type        = number
  description = "Waiting period before the environment key is deleted after a destroy."
  default     = 30
}

variable "api" {
  type = object({
    provisioned_concurrency = optional(number, 0)
    throttling_burst_limit  = optional(number, 200)
    throttling_rate_limit   = optional(number, 100)
    cors_allow_origins      = optional(list(string), ["*"])
    gold_check_ms           = optional(number, 1000)
  })
  description = "The disclosures API (docs/API.md): provisioned concurrency of its function (0 = on demand), stage throttling, CORS origins, how long a container trusts its last read of the gold pointer (ms)."
  default     = {}
}

variable "ndjson" {
  type = object({
    vpc_id               = string
    private_subnet_ids   = list(string)
    shards               = optional(number, 10)
    previous_shards      = optional(number)
    ttl_days             = optional(number, 30)
    manifest_max_files   = optional(number, 1000)
    manifest_max_bytes   = optional(number, 536870912)
    manifest_max_wait_s  = optional(number, 300)
    dispatch             = optional(string, "stepfunctions")
    batch_size           = optional(number, 100)
    batching_window_s    = optional(number, 5)
    max_concurrency      = optional(number, 10)
    max_receive_count    = optional(number, 5)
    queue_age_alarm_s    = optional(number, 900)
    manifest_age_alarm_s = optional(number, 3600)
    fargate = optional(object({
      image                 = optional(string)
      image_tag             = optional(string, "v1")
      cpu                   = optional(number, 2048)
      memory_mb             = optional(number, 8192)
      ephemeral_storage_gib = optional(number, 50)
      images_kept           = optional(number, 10)
    }), {})
  })
  description = "The NDJSON pipeline (docs/ETL.md): the VPC and private subnets of the Fargate converter; write shards of the pending index (previous_shards while a change drains) and tracking TTL; a manifest closes at manifest_max_files, manifest_max_bytes or manifest_max_wait_s; dispatch stepfunctions (StartExecution named by manifest id) or eventbridge (ManifestReady on the pipeline's bus); the builder's SQS batch size, batching window and maximum concurrency; deliveries before the DLQ; alarm thresholds; the Fargate task's image, size and storage."

  validation {
    condition     = contains(["stepfunctions", "eventbridge"], var.ndjson.dispatch)
    error_message = "ndjson.dispatch must be stepfunctions or eventbridge."
  }

  validation {
    condition     = var.ndjson.shards >= 1 && var.ndjson.shards <= 100 && floor(var.ndjson.shards) == var.ndjson.shards && (var.ndjson.previous_shards == null || try(var.ndjson.previous_shards >= 1 && var.ndjson.previous_shards != var.ndjson.shards, false))
    error_message = "ndjson.shards must be a whole number from 1 to 100; previous_shards, when set, at least 1 and different from shards."
  }

  validation {
    condition     = var.ndjson.batch_size >= 1 && var.ndjson.batch_size <= 10000 && (var.ndjson.batch_size <= 10 || var.ndjson.batching_window_s >= 1) && var.ndjson.batching_window_s <= 300
    error_message = "ndjson.batch_size must be 1-10000 (above 10 needs batching_window_s of at least 1), batching_window_s at most 300."
  }

  validation {
    condition     = var.ndjson.max_concurrency >= 2 && var.ndjson.max_concurrency <= 1000
    error_message = "ndjson.max_concurrency must be between 2 and 1000 (SQS event source scaling)."
  }

  validation {
    condition     = var.ndjson.manifest_max_files >= 1 && var.ndjson.manifest_max_files <= 1200 && var.ndjson.manifest_max_bytes >= 1048576 && var.ndjson.manifest_max_wait_s >= 1 && var.ndjson.ttl_days >= 1
    error_message = "ndjson manifest limits must be positive (manifest_max_files at most 1200: the manifest item keeps its file list within DynamoDB's 400 KB; manifest_max_bytes at least 1 MiB) and ttl_days at least 1."
  }
}

variable "ohlcv" {
  type = object({
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
  description = "The market-data pipeline (docs/OHLCV.md; validated by the module): its database's VPC and subnets (default ndjson's), the Polygon key's SSM name and API URL, backfill start, calls per chunk and wait, the retention schedule and the RDS instance."
  default     = {}
}

variable "lda_api_url" {
  type        = string
  description = "LDA REST API root for the lobbying pipeline (the Senate endpoint is being replaced)."
  default     = "https://lda.senate.gov"
}

variable "congress_hourly_limit" {
  type        = number
  description = "Requests per hour the api.data.gov key allows, shared by every congress fetcher."
  default     = 5000
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
