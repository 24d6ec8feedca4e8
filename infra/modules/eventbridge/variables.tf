variable "rule_name" {
  type        = string
  description = "Name of the rule, e.g. medallion-dev-house-fd-pipeline-schedule."

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,60}$", var.rule_name))
    error_message = "rule_name must be 1-60 characters from A-Za-z0-9._- (the role and queue add suffixes)."
  }
}

variable "description" {
  type        = string
  description = "What the rule starts and when."
}

variable "schedule_expression" {
  type        = string
  description = "rate(...) or cron(...) schedule; set this or event_pattern."
  default     = null

  validation {
    condition     = var.schedule_expression == null || can(regex("^(rate|cron)\\(.+\\)$", var.schedule_expression))
    error_message = "schedule_expression must look like rate(1 hour) or cron(0 * * * ? *)."
  }
}

variable "event_pattern" {
  type        = string
  description = "JSON event pattern; set this or schedule_expression."
  default     = null
}

variable "event_bus_name" {
  type        = string
  description = "Event bus of an event_pattern rule; null for the default bus (schedules are always on the default bus)."
  default     = null
}

variable "input_path" {
  type        = string
  description = "JSONPath of the part of the matched event passed to the target (e.g. $.detail); null passes input instead."
  default     = null

  validation {
    condition     = var.input_path == null || startswith(coalesce(var.input_path, "$"), "$")
    error_message = "input_path must be a JSONPath starting with $."
  }
}

variable "enabled" {
  type        = bool
  description = "Whether the rule fires (a disabled schedule keeps everything deployed but idle)."
  default     = true
}

variable "target_arn" {
  type        = string
  description = "ARN the rule starts: a state machine, or a Lambda function with target_is_lambda."
}

variable "target_is_lambda" {
  type        = bool
  description = "Whether target_arn is a Lambda function (invoked through a resource-policy permission for this rule) rather than a state machine (started through the rule's role)."
  default     = false
}

variable "target_actions" {
  type        = list(string)
  description = "Actions the rule's role may perform on target_arn."
  default     = ["states:StartExecution"]
}

variable "input" {
  type        = string
  description = "JSON input passed to the target."
  default     = "{}"

  validation {
    condition     = can(jsondecode(var.input))
    error_message = "input must be valid JSON."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the target dead-letter queue."
}

variable "target_kms_key_arn" {
  type        = string
  description = "Customer managed key the target encrypts its input with (a state machine's encryption_configuration); null when it has none."
  default     = null
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified when the rule fails to start its target."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the rule."
  default     = {}
}
