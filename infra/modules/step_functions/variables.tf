variable "state_machine_name" {
  type        = string
  description = "Name of the state machine, e.g. medallion-dev-house-fd-pipeline."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,76}$", var.state_machine_name))
    error_message = "state_machine_name must be 1-76 characters from A-Za-z0-9_- (the role adds a 4-character suffix)."
  }
}

variable "definition_file" {
  type        = string
  description = "Path of the ASL JSON (state_machines/<name>.json) rendered with templatefile."

  validation {
    condition     = endswith(var.definition_file, ".json")
    error_message = "definition_file must be a .json ASL file."
  }
}

variable "definition_vars" {
  type        = map(string)
  description = "Values of the definition's $${placeholders}: fn_<function folder with - as _> => function ARN, alerts_topic_arn => topic ARN."
}

variable "invoked_function_arns" {
  type        = list(string)
  description = "Lambda functions the definition invokes (the role may invoke exactly these)."
  default     = []
}

variable "published_topic_arns" {
  type        = list(string)
  description = "SNS topics the definition publishes to."
  default     = []
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
  description = "What the definition's other service integrations need (e.g. ecs:RunTask with iam:PassRole for an ecs:runTask.sync Task): exact actions and ARNs."
  default     = []
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the log group and of the encrypted topics the machine publishes to."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the execution log group."

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653)."
  }
}

variable "log_level" {
  type        = string
  description = "Execution history sent to CloudWatch Logs: ALL, ERROR or FATAL."
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level must be ALL, ERROR or FATAL."
  }
}

variable "include_execution_data" {
  type        = bool
  description = "Log state inputs and outputs (useful in dev; payloads are public filings metadata)."
  default     = false
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified when executions fail or time out."
}

variable "failed_executions_threshold" {
  type        = number
  description = "Failed or timed-out executions in 5 minutes that raise the alarm."
  default     = 1

  validation {
    condition     = var.failed_executions_threshold >= 1
    error_message = "failed_executions_threshold must be at least 1."
  }
}

variable "stopped_running_alarm_hours" {
  type        = number
  description = "Hours without a successful execution that raise the stopped-running alarm (missing data breaches); null for a state machine nothing starts on a schedule."
  default     = null

  validation {
    # Hourly datapoints; CloudWatch evaluates at most one day (period x evaluation periods).
    condition     = var.stopped_running_alarm_hours == null || (floor(coalesce(var.stopped_running_alarm_hours, 1)) == coalesce(var.stopped_running_alarm_hours, 1) && coalesce(var.stopped_running_alarm_hours, 1) >= 1 && coalesce(var.stopped_running_alarm_hours, 1) <= 24)
    error_message = "stopped_running_alarm_hours must be a whole number of hours from 1 to 24, or null."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of the state machine."
  default     = {}
}
