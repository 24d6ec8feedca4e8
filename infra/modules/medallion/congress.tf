# Bills, lobbying and their correlation with trades (issue 11, docs/CONGRESS.md): congress_pipeline
# (congress.gov, one 5,000 requests/hour key shared through the rate_limits token bucket),
# lobbying_pipeline (Senate LDA) and cross_dataset_correlation, started when house_fd_pipeline
# succeeds. Functions and state machines are in locals.tf (local.functions, local.state_machines).

variable "lda_api_url" {
  type        = string
  description = "LDA REST API root (LDA_API_URL; /api/v1/filings/ below it). Configurable: the Senate endpoint is being replaced."
  default     = "https://lda.senate.gov"

  validation {
    condition     = can(regex("^https://", var.lda_api_url))
    error_message = "lda_api_url must be an https URL."
  }
}

variable "congress_hourly_limit" {
  type        = number
  description = "Requests per hour the api.data.gov key allows (CONGRESS_HOURLY_LIMIT); every congress fetcher shares it."
  default     = 5000
}

locals {
  congress_fetchers = ["congress-fetch-bills", "congress-fetch-details"]
  lobbying_fetchers = ["lobbying-check-new-filings", "lobbying-download-filings"]

  # The congress fetchers read the api.data.gov key (the same SecureString as the member list).
  congress_environment = merge(
    {
      for f in local.congress_fetchers : f => merge(
        { CONGRESS_HOURLY_LIMIT = tostring(var.congress_hourly_limit) },
        var.congress_gov_api_key_parameter == null ? {} : { CONGRESS_GOV_API_KEY_PARAMETER = var.congress_gov_api_key_parameter },
      )
    },
    { for f in local.lobbying_fetchers : f => { LDA_API_URL = var.lda_api_url } },
  )
  congress_statements = { for f in local.congress_fetchers : f => local.member_list_statements }

  house_fd_state_machine_arn = module.state_machines["house_fd_pipeline"].state_machine_arn
}

# cross_dataset_correlation starts when house_fd_pipeline succeeds (Step Functions emits the status
# change to the default bus). The correlation reads only the lake, so the event is its input as is.
module "correlation_trigger" {
  source = "../eventbridge"

  rule_name   = "${local.name_prefix}-cross-dataset-correlation-on-house-fd"
  description = "Start cross_dataset_correlation when house_fd_pipeline succeeds"
  event_pattern = jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      status          = ["SUCCEEDED"]
      stateMachineArn = [local.house_fd_state_machine_arn]
    }
  })
  enabled            = var.schedules_enabled
  target_arn         = module.state_machines["cross_dataset_correlation"].state_machine_arn
  target_kms_key_arn = module.kms.key_arn
  input_path         = "$.detail"
  kms_key_arn        = module.kms.key_arn
  alarm_topic_arn    = module.alerts.topic_arn
  tags               = local.tags
}
