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

variable "state_machine_arn" {
  type        = string
  description = "State machine whose executions are shown."
}

variable "function_names" {
  type        = list(string)
  description = "Lambda functions of the pipeline (duration percentiles, errors, throttles, error logs)."
}

variable "steps" {
  type        = list(string)
  description = "Step dimension values (function folders) of the pipeline's custom metrics RowsIn/RowsOut/RowsQuarantined; empty shows every step."
  default     = []
}

variable "step_layers" {
  type        = map(string)
  description = "Lake layer (bronze, silver or gold) each step writes, keyed by step: the rows-per-layer widget sums RowsOut and RowsQuarantined over them."
  default     = {}

  validation {
    condition     = alltrue([for l in values(var.step_layers) : contains(["bronze", "silver", "gold"], l)])
    error_message = "step_layers values must be bronze, silver or gold."
  }
}

variable "quality_function_name" {
  type        = string
  description = "Deployed name of the quality-gate function whose Powertools logs list the gate runs (layer, outcome, counts); null leaves the widget out."
  default     = null
}

variable "metric_dimensions" {
  type        = map(string)
  description = "Extra dimension filters added to every custom-metric search, e.g. { Environment = \"dev\" } (the functions emit Environment from MEDALLION_ENV)."
  default     = {}
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

variable "metric_widgets" {
  type = list(object({
    title   = string
    metrics = list(string)
    stat    = optional(string, "Sum")
    period  = optional(number)
  }))
  description = "Extra graphs of the pipeline's own custom metrics (namespace metrics_namespace, narrowed by metric_dimensions), e.g. { title = \"Files registered per minute\", metrics = [\"FilesRegistered\"], period = 60 }."
  default     = []

  validation {
    condition     = alltrue([for w in var.metric_widgets : length(w.metrics) > 0 && contains(["Sum", "Average", "Maximum", "Minimum", "SampleCount"], w.stat)])
    error_message = "Every metric widget names at least one metric and a stat of Sum, Average, Maximum, Minimum or SampleCount."
  }
}
