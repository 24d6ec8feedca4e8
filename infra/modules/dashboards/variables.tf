variable "dashboard_name" {
  type        = string
  description = "Name of the dashboard, e.g. medallion-dev-house-fd-pipeline."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.dashboard_name))
    error_message = "dashboard_name must be 1-255 characters from A-Za-z0-9_-."
  }
}

variable "pipeline" {
  type        = string
  description = "Pipeline (state machine) shown, e.g. house_fd_pipeline; used in titles."
}

variable "dataset" {
  type        = string
  description = "Dataset whose quality-check outcomes are shown (Dataset dimension of QualityChecksPassed/Failed), e.g. house_fd."
}

variable "state_machine_arn" {
  type        = string
  description = "State machine whose executions are shown."
}

variable "function_names" {
  type        = list(string)
  description = "Lambda functions of the pipeline (duration percentiles, errors, throttles, error logs)."
}

variable "table_names" {
  type        = list(string)
  description = "DynamoDB tables whose throttle events are shown."
  default     = []
}

variable "queue_names" {
  type        = list(string)
  description = "Dead-letter queues whose depth is shown."
  default     = []
}

variable "metrics_namespace" {
  type        = string
  description = "Namespace of the custom metrics emitted with Powertools Metrics."
  default     = "Medallion"
}

variable "period" {
  type        = number
  description = "Period in seconds of every graph."
  default     = 300

  validation {
    condition     = contains([60, 300, 900, 3600], var.period)
    error_message = "period must be 60, 300, 900 or 3600."
  }
}
