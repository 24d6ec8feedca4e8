# Values per environment live in <env>.tfvars. Descriptions and validation of the pipeline
# settings are in infra/modules/medallion/variables.tf.

variable "aws_region" {
  type        = string
  description = "Region to deploy to; null uses AWS_REGION or the profile's region."
  default     = null
}

variable "project" {
  type        = string
  description = "Project name: the first part of every resource name."
  default     = "medallion"
}

variable "environment" {
  type        = string
  description = "Environment name: dev, staging or prod (must match the <env>.tfvars file name)."
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every function; never DEBUG in prod."

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of every log group."
}

variable "function_overrides" {
  type = map(object({
    memory_mb            = optional(number)
    timeout_s            = optional(number)
    reserved_concurrency = optional(number)
  }))
  description = "Per-function memory, timeout or reserved concurrency, keyed by function folder."
  default     = {}
}

variable "alarm_thresholds" {
  type = object({
    lambda_errors                  = number
    lambda_duration_pct_of_timeout = number
    failed_executions              = number
    dynamodb_throttles             = number
    pipeline_stopped_hours         = optional(number, 3)
  })
  description = "Alarm thresholds (see infra/modules/medallion)."
}

variable "alert_emails" {
  type        = list(string)
  description = "Addresses subscribed to the alerts topic; at least one in staging and prod."
  default     = []
}

variable "schedules_enabled" {
  type        = bool
  description = "Whether the pipelines' schedules fire."
  default     = true
}

variable "house_fd_source_url" {
  type        = string
  description = "Base URL of the House Clerk disclosure site."
  default     = "https://disclosures-clerk.house.gov/public_disc"
}

variable "house_fd_years" {
  type        = string
  description = "Comma-separated years watched; empty means this year and last."
  default     = ""
}

variable "house_fd_member_source" {
  type        = string
  description = "The complete member list house-fd-ingest-zip reads: congress-gov or legislators-historical."
  default     = "legislators-historical"
}

variable "house_fd_members_url" {
  type        = string
  description = "https URL of that list (the congress.gov API or legislators-historical.yaml)."
  default     = "https://unitedstates.github.io/congress-legislators/legislators-historical.yaml"
}

variable "congress_gov_api_key_parameter" {
  type        = string
  description = "SSM SecureString holding the api.congress.gov key (set by the operator, docs/DEPLOYMENT.md); null unless the list is the congress.gov API."
  default     = null
}

variable "state_machine_log_level" {
  type        = string
  description = "Execution history logged by the state machines: ALL, ERROR or FATAL."
  default     = "ERROR"
}

variable "state_machine_include_execution_data" {
  type        = bool
  description = "Log state inputs and outputs with the execution history."
  default     = false
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced lake object version is kept."
}

variable "bronze_glacier_ir_days" {
  type        = number
  description = "Days after which bronze objects move to Glacier Instant Retrieval; 0 keeps them in Standard."
  default     = 0
}

variable "force_destroy_buckets" {
  type        = bool
  description = "Let terraform destroy delete non-empty lake buckets (dev only)."
  default     = false
}

variable "table_deletion_protection" {
  type        = bool
  description = "Protect the DynamoDB tables against deletion."
  default     = true
}

variable "key_administrators" {
  type        = list(string)
  description = "IAM role or user ARNs administering the environment key (include the deploying role and a break-glass role)."
}

variable "kms_deletion_window_days" {
  type        = number
  description = "Waiting period before the environment key is deleted after a destroy."
  default     = 30
}

variable "ndjson_converter" {
  type = object({
    enabled       = bool
    function      = optional(string, "ndjson-to-parquet")
    input_prefix  = optional(string, "bronze/ndjson/")
    output_prefix = optional(string, "silver/ndjson/")
    fargate = optional(object({
      enabled            = bool
      image              = optional(string)
      ecr_repository_arn = optional(string)
      cpu                = optional(number, 2048)
      memory_mb          = optional(number, 8192)
    }), { enabled = false })
  })
  description = "The NDJSON to Parquet converter; off until its function folder exists."
  default     = { enabled = false }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource."
  default     = {}
}
