# The one root of every environment: dev, staging and prod differ only in <env>.tfvars (values)
# and <env>.backend.hcl (state key). make deploy ENV=<env> runs it with both (scripts/deploy/tf.ts).
provider "aws" {
  # null: the region comes from AWS_REGION / AWS_PROFILE, never from the code.
  region = var.aws_region

  default_tags {
    tags = {
      "medallion:environment" = var.environment
    }
  }
}

module "medallion" {
  source = "../modules/medallion"

  project                              = var.project
  environment                          = var.environment
  log_level                            = var.log_level
  log_retention_days                   = var.log_retention_days
  function_overrides                   = var.function_overrides
  alarm_thresholds                     = var.alarm_thresholds
  alert_emails                         = var.alert_emails
  schedules_enabled                    = var.schedules_enabled
  house_fd_source_url                  = var.house_fd_source_url
  house_fd_years                       = var.house_fd_years
  house_fd_member_source               = var.house_fd_member_source
  house_fd_members_url                 = var.house_fd_members_url
  congress_gov_api_key_parameter       = var.congress_gov_api_key_parameter
  state_machine_log_level              = var.state_machine_log_level
  state_machine_include_execution_data = var.state_machine_include_execution_data
  noncurrent_version_expiration_days   = var.noncurrent_version_expiration_days
  bronze_glacier_ir_days               = var.bronze_glacier_ir_days
  force_destroy_buckets                = var.force_destroy_buckets
  table_deletion_protection            = var.table_deletion_protection
  key_administrators                   = var.key_administrators
  kms_deletion_window_days             = var.kms_deletion_window_days
  ndjson                               = var.ndjson
  ohlcv                                = var.ohlcv
  lda_api_url                          = var.lda_api_url
  congress_hourly_limit                = var.congress_hourly_limit
  api                                  = var.api
  tags                                 = var.tags
}
