variable "function_name" {
  type        = string
  description = "Name of the function, e.g. medallion-dev-house-fd-ingest-zip."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,61}$", var.function_name))
    error_message = "function_name must be 1-61 characters from A-Za-z0-9_- (the role adds a 3-character suffix)."
  }
}

variable "description" {
  type        = string
  description = "What the function does; shown in the Lambda console."
}

variable "zip_path" {
  type        = string
  description = "Path of the deployment package built by `make build` (dist/functions/<folder>.zip)."

  validation {
    condition     = endswith(var.zip_path, ".zip")
    error_message = "zip_path must point at a .zip file."
  }
}

variable "handler" {
  type        = string
  description = "Handler entry point inside the zip."
  default     = "index.handler"
}

variable "runtime" {
  type        = string
  description = "Lambda runtime."
  default     = "nodejs22.x"

  validation {
    condition     = can(regex("^nodejs(2[2-9]|[3-9][0-9])\\.x$", var.runtime))
    error_message = "runtime must be nodejs22.x or newer: the bundles target Node 22."
  }
}

variable "architecture" {
  type        = string
  description = "Instruction set; the DuckDB native binding in the bundle is built for x86_64."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_mb" {
  type        = number
  description = "Memory in MB (CPU scales with it)."

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be between 128 and 10240."
  }
}

variable "timeout_s" {
  type        = number
  description = "Timeout in seconds; the state machine's TimeoutSeconds for the task should not exceed it."

  validation {
    condition     = var.timeout_s >= 1 && var.timeout_s <= 900
    error_message = "timeout_s must be between 1 and 900."
  }
}

variable "ephemeral_storage_mb" {
  type        = number
  description = "Size of /tmp in MB, where DuckDB stages lake objects."
  default     = 512

  validation {
    condition     = var.ephemeral_storage_mb >= 512 && var.ephemeral_storage_mb <= 10240
    error_message = "ephemeral_storage_mb must be between 512 and 10240."
  }
}

variable "publish" {
  type        = bool
  description = "Publish a version on every change (needed for an alias with provisioned concurrency)."
  default     = false
}

variable "reserved_concurrency" {
  type        = number
  description = "Reserved concurrent executions; -1 leaves the function unreserved, 0 stops it."
  default     = -1

  validation {
    condition     = var.reserved_concurrency >= -1 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be a whole number, -1 or more."
  }
}

variable "environment" {
  type        = map(string)
  description = "Environment variables (encrypted at rest with kms_key_arn)."
  default     = {}
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for the environment variables, the log group and the dead-letter queue."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the function's log group."

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified by the function's alarms."
}

variable "errors_alarm_threshold" {
  type        = number
  description = "Errors in 5 minutes that raise the errors alarm."
  default     = 1

  validation {
    condition     = var.errors_alarm_threshold >= 1
    error_message = "errors_alarm_threshold must be at least 1."
  }
}

variable "duration_alarm_pct_of_timeout" {
  type        = number
  description = "p95 duration, as a percentage of the timeout, that raises the duration alarm."
  default     = 80

  validation {
    condition     = var.duration_alarm_pct_of_timeout > 0 && var.duration_alarm_pct_of_timeout <= 100
    error_message = "duration_alarm_pct_of_timeout must be in (0, 100]."
  }
}

variable "policy_statements" {
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  description = "What the function needs beyond logs, traces, its DLQ and the key: lake prefixes, tables, ..."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the function."
  default     = {}
}

variable "vpc_config" {
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  description = "Run in these private subnets with these security groups (functions that reach a database in a VPC); null: no VPC."
  default     = null
}
