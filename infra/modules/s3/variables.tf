variable "bucket_name" {
  type        = string
  description = "Globally unique bucket name: <name_prefix>-<account id>-<layer>, e.g. medallion-dev-<account id>-bronze."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits, dots or hyphens."
  }
}

variable "layer" {
  type        = string
  description = "Medallion layer the bucket holds: bronze, silver, gold or quarantine (input: the NDJSON landing bucket; or state: the Terraform state bucket infra/bootstrap creates). Objects keep their full lake key (<layer>/<dataset>/...), so lifecycle rules filter on the <layer>/ prefix."

  validation {
    condition     = contains(["bronze", "silver", "gold", "quarantine", "input", "state"], var.layer)
    error_message = "layer must be bronze, silver, gold, quarantine, input or state."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for SSE-KMS default encryption (with an S3 bucket key to keep KMS requests low)."
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced or deleted object version is kept before it expires."

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "transition_to_glacier_ir_days" {
  type        = number
  description = "Days after which current objects under <layer>/ move to Glacier Instant Retrieval; 0 keeps them in Standard."
  default     = 0

  validation {
    condition     = var.transition_to_glacier_ir_days == 0 || var.transition_to_glacier_ir_days >= 30
    error_message = "transition_to_glacier_ir_days must be 0 (off) or at least 30."
  }
}

variable "expire_prefixes" {
  description = "Lifecycle rule id => { prefix, days }: current objects under the prefix expire after that many days (working files such as the NDJSON pipeline's _manifests/ndjson/)."
  type        = map(object({ prefix = string, days = number }))
  default     = {}

  validation {
    condition     = alltrue([for r in values(var.expire_prefixes) : r.days >= 1 && r.prefix != ""])
    error_message = "expire_prefixes needs a non-empty prefix and at least 1 day."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete a non-empty bucket (dev only; staging and prod keep their data)."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the bucket."
  default     = {}
}
