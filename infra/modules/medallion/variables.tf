variable "project" {
  type        = string
  description = "Project name: the first part of every resource name."
  default     = "medallion"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "environment" {
  type        = string
  description = "Environment name: dev, staging or prod."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every function (Powertools Logger). Never DEBUG in prod (a precondition enforces it)."

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group (functions, state machines, tasks)."

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "function_overrides" {
  type = map(object({
    memory_mb            = optional(number)
    timeout_s            = optional(number)
    reserved_concurrency = optional(number)
  }))
  description = "Per-function changes to the defaults in locals.tf, keyed by function folder, e.g. { \"house-fd-transform-to-gold\" = { memory_mb = 3008 } }."
  default     = {}

  validation {
    condition     = alltrue([for o in values(var.function_overrides) : o.memory_mb == null || try(o.memory_mb >= 128 && o.memory_mb <= 10240, false)])
    error_message = "function_overrides memory_mb must be between 128 and 10240."
  }
}

variable "alarm_thresholds" {
  type = object({
    lambda_errors                  = number
    lambda_duration_pct_of_timeout = number
    failed_executions              = number
    dynamodb_throttles             = number
    pipeline_stopped_hours         = optional(number, 3)
  })
  description = "Alarm thresholds: errors per function in 5 minutes, p95 duration as % of timeout, failed executions per state machine in 5 minutes, throttle events per table in 5 minutes, hours without a successful execution of a scheduled pipeline (default 3)."

  validation {
    condition     = var.alarm_thresholds.lambda_errors >= 1 && var.alarm_thresholds.failed_executions >= 1 && var.alarm_thresholds.dynamodb_throttles >= 1
    error_message = "Count thresholds must be at least 1."
  }

  validation {
    condition     = var.alarm_thresholds.lambda_duration_pct_of_timeout > 0 && var.alarm_thresholds.lambda_duration_pct_of_timeout <= 100
    error_message = "lambda_duration_pct_of_timeout must be in (0, 100]."
  }

  validation {
    condition     = var.alarm_thresholds.pipeline_stopped_hours >= 1 && var.alarm_thresholds.pipeline_stopped_hours <= 24 && floor(var.alarm_thresholds.pipeline_stopped_hours) == var.alarm_thresholds.pipeline_stopped_hours
    error_message = "pipeline_stopped_hours must be a whole number of hours from 1 to 24."
  }
}

variable "alert_emails" {
  type        = list(string)
  description = "Addresses subscribed to the alerts topic (each must confirm the subscription email). At least one in staging and prod (a precondition enforces it)."
  default     = []

  validation {
    condition     = alltrue([for e in var.alert_emails : can(regex("^[^@ ]+@[^@ ]+\\.[^@ ]+$", e))])
    error_message = "alert_emails must be email addresses."
  }
}

variable "schedules_enabled" {
  type        = bool
  description = "Whether the pipelines' EventBridge schedules fire (false deploys everything idle)."
  default     = true
}

variable "house_fd_source_url" {
  type        = string
  description = "Base URL of the House Clerk disclosure site (HOUSE_FD_SOURCE_URL)."
  default     = "https://disclosures-clerk.house.gov/public_disc"

  validation {
    condition     = startswith(var.house_fd_source_url, "https://")
    error_message = "house_fd_source_url must be an https URL."
  }
}

variable "house_fd_years" {
  type        = string
  description = "Comma-separated years whose index zip is watched (HOUSE_FD_YEARS); empty means this year and last."
  default     = ""

  validation {
    condition     = can(regex("^(\\d{4}(,\\d{4})*)?$", var.house_fd_years))
    error_message = "house_fd_years must be empty or comma-separated years, e.g. 2024,2025."
  }
}

variable "house_fd_member_source" {
  type        = string
  description = "Which complete member list (former members included) house-fd-ingest-zip reads (HOUSE_FD_MEMBER_SOURCE): congress-gov (the api.congress.gov /v3/member list) or legislators-historical (unitedstates/congress-legislators YAML)."
  default     = "legislators-historical"

  validation {
    condition     = contains(["congress-gov", "legislators-historical"], var.house_fd_member_source)
    error_message = "house_fd_member_source must be congress-gov or legislators-historical."
  }
}

variable "house_fd_members_url" {
  type        = string
  description = "https URL of that list (HOUSE_FD_MEMBERS_URL), e.g. https://api.congress.gov/v3/member or https://unitedstates.github.io/congress-legislators/legislators-historical.yaml. Required: the Clerk's site has no members/ list for the local default to read."
  default     = "https://unitedstates.github.io/congress-legislators/legislators-historical.yaml"

  validation {
    condition     = can(regex("^https://[^/\\s]+/", var.house_fd_members_url))
    error_message = "house_fd_members_url must be an https URL."
  }
}

variable "congress_gov_api_key_parameter" {
  type        = string
  description = "Name of the SSM SecureString (encrypted with the environment key) holding the api.congress.gov key (CONGRESS_GOV_API_KEY_PARAMETER); null when the member list is not the congress.gov API. Terraform never holds the value: the operator puts it (docs/DEPLOYMENT.md)."
  default     = null

  validation {
    condition     = var.congress_gov_api_key_parameter == null ? true : can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.congress_gov_api_key_parameter))
    error_message = "congress_gov_api_key_parameter must be a full SSM parameter name such as /medallion/prod/congress-gov-api-key (letters, digits, _ . - and /)."
  }
}

variable "state_machine_log_level" {
  type        = string
  description = "Execution history logged by the state machines: ALL, ERROR or FATAL."
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.state_machine_log_level)
    error_message = "state_machine_log_level must be ALL, ERROR or FATAL."
  }
}

variable "state_machine_include_execution_data" {
  type        = bool
  description = "Log state inputs and outputs with the execution history."
  default     = false
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced lake object version is kept."

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "bronze_glacier_ir_days" {
  type        = number
  description = "Days after which bronze objects move to Glacier Instant Retrieval; 0 keeps them in Standard."
  default     = 0

  validation {
    condition     = var.bronze_glacier_ir_days == 0 || var.bronze_glacier_ir_days >= 30
    error_message = "bronze_glacier_ir_days must be 0 (off) or at least 30."
  }
}

variable "force_destroy_buckets" {
  type        = bool
  description = "Let terraform destroy empty and delete the lake buckets (dev only)."
  default     = false
}

variable "table_deletion_protection" {
  type        = bool
  description = "Protect the DynamoDB tables against deletion."
  default     = true
}

variable "key_administrators" {
  type        = list(string)
  description = "IAM principals (role or user ARNs) that administer the environment key: change its policy, rotate, schedule deletion. They cannot encrypt or decrypt with it. Include the role that runs terraform apply and a break-glass role (docs/DEPLOYMENT.md)."

  validation {
    condition     = length(var.key_administrators) > 0 && alltrue([for a in var.key_administrators : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", a))])
    error_message = "key_administrators must list at least one IAM role or user ARN (arn:aws:iam::<account>:role/<name>); the account root is not accepted."
  }
}

variable "kms_deletion_window_days" {
  type        = number
  description = "Waiting period before the environment key is deleted after a destroy."
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30."
  }
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

variable "api" {
  type = object({
    # Warm containers kept ready for the API (0 = on demand): each costs while idle; see docs/API.md.
    provisioned_concurrency = optional(number, 0)
    throttling_burst_limit  = optional(number, 200)
    throttling_rate_limit   = optional(number, 100)
    cors_allow_origins      = optional(list(string), ["*"])
    # How long a container trusts its last read of the gold pointer (ms).
    gold_check_ms = optional(number, 1000)
  })
  description = "The disclosures API: provisioned concurrency of its function, stage throttling, CORS origins, how often the gold version is checked."
  default     = {}

  validation {
    condition     = var.api.provisioned_concurrency >= 0 && var.api.provisioned_concurrency <= 100 && floor(var.api.provisioned_concurrency) == var.api.provisioned_concurrency
    error_message = "api.provisioned_concurrency must be a whole number from 0 to 100."
  }

  validation {
    condition     = var.api.gold_check_ms >= 0 && var.api.gold_check_ms <= 300000
    error_message = "api.gold_check_ms must be between 0 and 300000."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
