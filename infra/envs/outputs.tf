output "state_machine_arns" {
  description = "State machine ARN per pipeline (scripts/deploy/trigger.ts reads this)."
  value       = module.medallion.state_machine_arns
}

output "function_names" {
  description = "Deployed function name per function folder."
  value       = module.medallion.function_names
}

output "log_group_names" {
  description = "Log group per function folder and per state machine (make logs tails these)."
  value       = module.medallion.log_group_names
}

output "lake_bucket_names" {
  description = "Bucket per lake layer."
  value       = module.medallion.lake_bucket_names
}

output "lake_uri" {
  description = "MEDALLION_LAKE_URI of the functions."
  value       = module.medallion.lake_uri
}

output "table_names" {
  description = "Physical DynamoDB table name per logical table."
  value       = module.medallion.table_names
}

output "alerts_topic_arn" {
  description = "SNS topic receiving alarms and pipeline failure alerts."
  value       = module.medallion.alerts_topic_arn
}

output "dashboard_urls" {
  description = "CloudWatch console URL of each pipeline dashboard."
  value       = module.medallion.dashboard_urls
}

output "ndjson_input_bucket" {
  description = "Bucket the NDJSON files land in (<date_prefix>/<name>.ndjson[.gz])."
  value       = module.medallion.ndjson.input_bucket
}

output "ndjson_ecr_repository_url" {
  description = "Repository the NDJSON converter's Fargate image is pushed to (docs/DEPLOYMENT.md)."
  value       = module.medallion.ndjson.ecr_repository_url
}

output "ndjson_dlq_url" {
  description = "Dead-letter queue of the NDJSON input queue (what ndjson-dlq-report reads)."
  value       = module.medallion.ndjson.dlq_url
}

output "api_endpoint" {
  description = "Base URL of the disclosures API (GET /v1/..., docs/API.md)."
  value       = module.medallion.api_endpoint
}
