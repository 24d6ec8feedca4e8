variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name, e.g. medallion-dev (resources are <name_prefix>-ndjson-…)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name_prefix))
    error_message = "name_prefix must be 3-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "input_bucket_name" {
  type        = string
  description = "Globally unique name of the input bucket, e.g. medallion-dev-<account id>-ndjson-input."
}

variable "file_suffixes" {
  type        = list(string)
  description = "Object key suffixes whose creation is notified to the queue."
  default     = [".ndjson", ".ndjson.gz"]

  validation {
    condition     = length(var.file_suffixes) > 0 && alltrue([for s in var.file_suffixes : can(regex("^\\.[a-z0-9.]+$", s))])
    error_message = "file_suffixes must list suffixes such as .ndjson."
  }
}

variable "visibility_timeout_s" {
  type        = number
  description = "Visibility timeout of the input queue: at least 6 times the manifest builder's timeout plus its batching window (AWS's advice for Lambda event sources)."

  validation {
    condition     = var.visibility_timeout_s >= 30 && var.visibility_timeout_s <= 43200
    error_message = "visibility_timeout_s must be between 30 and 43200."
  }
}

variable "message_retention_s" {
  type        = number
  description = "How long an undelivered S3 event stays in the input queue (the dead-letter queue keeps 14 days)."
  default     = 345600

  validation {
    condition     = var.message_retention_s >= 3600 && var.message_retention_s < 1209600
    error_message = "message_retention_s must be at least an hour and less than the dead-letter queue's 14 days."
  }
}

variable "max_receive_count" {
  type        = number
  description = "Deliveries of one S3 event before it moves to the dead-letter queue."
  default     = 5

  validation {
    condition     = var.max_receive_count >= 2 && var.max_receive_count <= 1000
    error_message = "max_receive_count must be between 2 and 1000."
  }
}

variable "queue_age_alarm_s" {
  type        = number
  description = "Age in seconds of the oldest waiting S3 event that raises the backlog alarm (two 5-minute periods)."
  default     = 900

  validation {
    condition     = var.queue_age_alarm_s >= 60
    error_message = "queue_age_alarm_s must be at least 60."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the Fargate task's security group."

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-…)."
  }
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets the Fargate task runs in (no public IP; reach S3, DynamoDB, ECR and CloudWatch Logs through NAT or VPC endpoints)."

  validation {
    condition     = length(var.private_subnet_ids) > 0 && alltrue([for s in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "private_subnet_ids must list at least one subnet id (subnet-…)."
  }
}

variable "fargate" {
  type = object({
    image                 = optional(string)
    image_tag             = optional(string, "v1")
    cpu                   = optional(number, 2048)
    memory_mb             = optional(number, 8192)
    ephemeral_storage_gib = optional(number, 50)
    images_kept           = optional(number, 10)
  })
  description = "The converter's Fargate task: image (default <this module's ECR repository>:<image_tag>), CPU units, memory, ephemeral storage for DuckDB's spill, and how many images the repository keeps."
  default     = {}

  validation {
    condition     = contains([1024, 2048, 4096, 8192, 16384], var.fargate.cpu)
    error_message = "fargate.cpu must be a Fargate CPU size of 1024 or more (1 vCPU … 16 vCPU)."
  }

  validation {
    condition     = var.fargate.memory_mb >= 2048 && var.fargate.memory_mb <= 122880
    error_message = "fargate.memory_mb must be between 2048 and 122880 (and valid for the CPU size)."
  }

  validation {
    condition     = var.fargate.ephemeral_storage_gib >= 21 && var.fargate.ephemeral_storage_gib <= 200
    error_message = "fargate.ephemeral_storage_gib must be between 21 and 200."
  }

  validation {
    condition     = var.fargate.images_kept >= 1
    error_message = "fargate.images_kept must be at least 1."
  }
}

variable "task_environment" {
  type        = map(string)
  description = "Environment of the converter container (the ndjson-convert Lambda's); the module adds NDJSON_INPUT_URI."
  default     = {}
}

variable "task_statements" {
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
  description = "The task role's lake and table access: the ndjson-convert Lambda's (silver/ndjson, quarantine/ndjson, the manifests table); the module adds the read of its input bucket."
}

variable "kms_key_arn" {
  type        = string
  description = "Environment KMS key (bucket, queues, repository, log group)."
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced input object version is kept."
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete a non-empty input bucket and image repository (dev only)."
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the task's log group."

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified by the queue alarms."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
