variable "name_prefix" {
  type        = string
  description = "Name of the watched resource; each alarm is named <name_prefix>-<key>."

  validation {
    condition     = length(var.name_prefix) > 0 && length(var.name_prefix) <= 200
    error_message = "name_prefix must be 1-200 characters (alarm names are at most 255)."
  }
}

variable "alarms" {
  type = map(object({
    description         = string
    namespace           = string
    metric_name         = string
    dimensions          = map(string)
    threshold           = number
    statistic           = optional(string, "Sum")
    extended_statistic  = optional(string)
    period              = optional(number, 300)
    evaluation_periods  = optional(number, 1)
    datapoints_to_alarm = optional(number)
    comparison_operator = optional(string, "GreaterThanOrEqualToThreshold")
    treat_missing_data  = optional(string, "notBreaching")
    notify_ok           = optional(bool, true)
  }))
  description = "Alarms keyed by name suffix (errors, failed, stopped-running, …): the metric, its statistic over period seconds, and when it breaches."

  validation {
    condition     = alltrue([for k, a in var.alarms : can(regex("^[a-z0-9-]+$", k))])
    error_message = "alarm keys are lowercase letters, digits and hyphens (they end the alarm name)."
  }

  validation {
    condition     = alltrue([for a in values(var.alarms) : contains(["breaching", "notBreaching", "ignore", "missing"], a.treat_missing_data)])
    error_message = "treat_missing_data must be breaching, notBreaching, ignore or missing."
  }

  validation {
    # CloudWatch: period of 10, 20, 30 or a multiple of 60 seconds; period x evaluation_periods at most one day.
    condition     = alltrue([for a in values(var.alarms) : (contains([10, 20, 30], a.period) || a.period % 60 == 0) && a.period * a.evaluation_periods <= 86400])
    error_message = "period must be 10, 20, 30 or a multiple of 60 seconds, and period x evaluation_periods at most 86400."
  }

  validation {
    condition     = alltrue([for a in values(var.alarms) : a.datapoints_to_alarm == null || (coalesce(a.datapoints_to_alarm, 1) >= 1 && coalesce(a.datapoints_to_alarm, 1) <= a.evaluation_periods)])
    error_message = "datapoints_to_alarm must be between 1 and evaluation_periods."
  }
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic notified when an alarm fires (and when it recovers, unless notify_ok is false)."
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every alarm."
  default     = {}
}
