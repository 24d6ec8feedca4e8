environment        = "staging"
log_level          = "INFO"
log_retention_days = 30

function_overrides = {}

alarm_thresholds = {
  lambda_errors                  = 1
  lambda_duration_pct_of_timeout = 85
  failed_executions              = 1
  dynamodb_throttles             = 1
}

alert_emails      = []
schedules_enabled = true

state_machine_log_level              = "ERROR"
state_machine_include_execution_data = false

noncurrent_version_expiration_days = 30
bronze_glacier_ir_days             = 0
force_destroy_buckets              = false
table_deletion_protection          = true
kms_deletion_window_days           = 30
