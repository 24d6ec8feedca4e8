variable "name" {
  type        = string
  description = "Base name of the converter, e.g. medallion-dev-ndjson-converter."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,50}$", var.name))
    error_message = "name must be 1-50 characters from A-Za-z0-9_-."
  }
}

variable "zip_path" {
  type        = string
  description = "Deployment package of the converter Lambda (dist/functions/<folder>.zip from `make build`)."
}

variable "memory_mb" {
  type        = number
  description = "Converter Lambda memory: DuckDB uses about 80% of it for a batch."
  default     = 3008
}

variable "timeout_s" {
  type        = number
  description = "Converter Lambda timeout; batches that cannot finish in it go to the Fargate task."
  default     = 900
}

variable "ephemeral_storage_mb" {
  type        = number
  description = "Converter Lambda /tmp size for staged NDJSON and spilled DuckDB state."
  default     = 4096
}

variable "input_bucket_arn" {
  type        = string
  description = "Bucket holding the raw NDJSON files."
}

variable "input_prefix" {
  type        = string
  description = "Key prefix of the raw NDJSON files, e.g. bronze/events/."

  validation {
    condition     = endswith(var.input_prefix, "/") && !startswith(var.input_prefix, "/")
    error_message = "input_prefix must end with / and must not start with /."
  }
}

variable "output_bucket_arn" {
  type        = string
  description = "Bucket the Parquet output goes to."
}

variable "output_prefix" {
  type        = string
  description = "Key prefix of the Parquet output, e.g. silver/events/."

  validation {
    condition     = endswith(var.output_prefix, "/") && !startswith(var.output_prefix, "/")
    error_message = "output_prefix must end with / and must not start with /."
  }
}

variable "tracking_table_arn" {
  type        = string
  description = "File-tracking DynamoDB table whose statuses the converter updates; null when not tracked."
  default     = null
}

variable "environment" {
  type        = map(string)
  description = "Environment variables of the Lambda and the Fargate container."
  default     = {}
}

variable "kms_key_arn" {
  type        = string
  description = "Environment KMS key (lake objects, logs, Lambda environment)."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the converter's log groups."
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified by the converter's alarms."
}

variable "fargate" {
  type = object({
    enabled            = bool
    image              = optional(string)
    ecr_repository_arn = optional(string)
    cpu                = optional(number, 2048)
    memory_mb          = optional(number, 8192)
  })
  description = "Optional ECS Fargate task definition for batches too large for Lambda (15 minutes, 10 GB)."
  default     = { enabled = false }

  validation {
    condition     = !var.fargate.enabled || (var.fargate.image != null && var.fargate.ecr_repository_arn != null)
    error_message = "An enabled Fargate task needs image and ecr_repository_arn."
  }

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.fargate.cpu)
    error_message = "fargate.cpu must be a Fargate CPU size (256 ... 16384)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the converter."
  default     = {}
}
