variable "name" {
  type        = string
  description = "Name of the HTTP API, e.g. medallion-dev-api."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.name))
    error_message = "name must be 1-128 characters from A-Za-z0-9_-."
  }
}

variable "description" {
  type        = string
  description = "What the API serves; shown in the API Gateway console."
  default     = ""
}

variable "routes" {
  type        = list(string)
  description = "Route keys, e.g. [\"GET /v1/members/{bioguide_id}\"]: each goes to the Lambda integration."

  validation {
    condition     = length(var.routes) > 0 && alltrue([for r in var.routes : can(regex("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|ANY) /[A-Za-z0-9_{}+/.-]*$", r))])
    error_message = "routes must be non-empty route keys \"METHOD /path\" with {param} segments."
  }
}

variable "lambda_function_name" {
  type        = string
  description = "Function that serves every route."
}

variable "lambda_invoke_arn" {
  type        = string
  description = "Invoke ARN of the function (or of its alias, to reach provisioned concurrency)."
}

variable "lambda_qualifier" {
  type        = string
  description = "Alias the invoke ARN names (null: the unqualified function); API Gateway is allowed to invoke exactly this."
  default     = null
}

variable "throttling_burst_limit" {
  type        = number
  description = "Stage-wide burst limit (requests)."
  default     = 200

  validation {
    condition     = var.throttling_burst_limit >= 1 && var.throttling_burst_limit <= 5000
    error_message = "throttling_burst_limit must be between 1 and 5000."
  }
}

variable "throttling_rate_limit" {
  type        = number
  description = "Stage-wide steady-state limit (requests per second)."
  default     = 100

  validation {
    condition     = var.throttling_rate_limit >= 1 && var.throttling_rate_limit <= 10000
    error_message = "throttling_rate_limit must be between 1 and 10000."
  }
}

variable "cors_allow_origins" {
  type        = list(string)
  description = "Origins allowed by CORS (API Gateway answers preflights and sets the headers)."
  default     = ["*"]
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the access-log group."
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the access logs."
  default     = 30
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
