variable "table_name" {
  type        = string
  description = "Physical table name: <name_prefix>-<logical name with _ as ->."

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{3,255}$", var.table_name))
    error_message = "table_name must be 3-255 characters from A-Za-z0-9_.-."
  }
}

variable "hash_key" {
  type = object({
    name = string
    type = string
  })
  description = "Partition key attribute (from packages/tables/src/tables.json)."

  validation {
    condition     = contains(["S", "N", "B"], var.hash_key.type)
    error_message = "hash_key.type must be S, N or B."
  }
}

variable "range_key" {
  type = object({
    name = string
    type = string
  })
  description = "Optional sort key attribute."
  default     = null

  validation {
    condition     = var.range_key == null || contains(["S", "N", "B"], try(var.range_key.type, ""))
    error_message = "range_key.type must be S, N or B."
  }
}

variable "ttl_attribute" {
  type        = string
  description = "Attribute holding the expiry epoch seconds; null turns TTL off."
  default     = null
}

variable "global_secondary_indexes" {
  type = list(object({
    name       = string
    projection = string
    hashKey = object({
      name = string
      type = string
    })
    rangeKey = optional(object({
      name = string
      type = string
    }))
  }))
  description = "Global secondary indexes, in the tables.json shape (hashKey, optional rangeKey, projection ALL or KEYS_ONLY)."
  default     = []

  validation {
    condition     = alltrue([for g in var.global_secondary_indexes : contains(["ALL", "KEYS_ONLY"], g.projection)])
    error_message = "Every index projection must be ALL or KEYS_ONLY."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer managed KMS key for server-side encryption."
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the table (on in staging and prod)."
  default     = true
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified when the table throttles requests."
}

variable "throttle_alarm_threshold" {
  type        = number
  description = "Read plus write throttle events in 5 minutes that raise the alarm."
  default     = 1

  validation {
    condition     = var.throttle_alarm_threshold >= 1
    error_message = "throttle_alarm_threshold must be at least 1."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the table and its alarm."
  default     = {}
}
