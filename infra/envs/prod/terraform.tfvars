environment        = "prod"
log_level          = "INFO"
log_retention_days = 90

function_overrides = {
  "house-fd-transform-to-gold" = {
    memory_mb = 3008
  }
  "house-fd-extract-document" = {
    memory_mb = 1536
  }
}

alarm_thresholds = {
  lambda_errors                  = 1
  lambda_duration_pct_of_timeout = 80
  failed_executions              = 1
  dynamodb_throttles             = 1
}

alert_emails      = []
schedules_enabled = true

state_machine_log_level              = "ERROR"
state_machine_include_execution_data = false

noncurrent_version_expiration_days = 90
bronze_glacier_ir_days             = 180
force_destroy_buckets              = false
table_deletion_protection          = true
kms_deletion_window_days           = 30
