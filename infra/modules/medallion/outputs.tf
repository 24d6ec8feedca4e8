output "name_prefix" {
  description = "Prefix of every resource name in this environment."
  value       = local.name_prefix
}

output "state_machine_arns" {
  description = "State machine ARN per pipeline (scripts/deploy/trigger.ts reads this)."
  value       = { for name, sm in module.state_machines : name => sm.state_machine_arn }
}

output "function_names" {
  description = "Deployed function name per function folder."
  value       = { for name, fn in module.functions : name => fn.function_name }
}

output "log_group_names" {
  description = "Log group per function folder and per state machine (make logs tails these)."
  value = merge(
    { for name, fn in module.functions : name => fn.log_group_name },
    { for name, sm in module.state_machines : name => sm.log_group_name },
  )
}

output "lake_bucket_names" {
  description = "Bucket per lake layer."
  value       = { for layer, b in module.lake : layer => b.bucket_name }
}

output "lake_uri" {
  description = "MEDALLION_LAKE_URI given to every function (the lake root)."
  value       = local.lake_root_uri
}

output "table_names" {
  description = "Physical DynamoDB table name per logical table."
  value       = { for name, t in module.tables : name => t.table_name }
}

output "alerts_topic_arn" {
  description = "SNS topic receiving alarms and pipeline failure alerts."
  value       = module.alerts.topic_arn
}

output "kms_key_arn" {
  description = "The environment's KMS key."
  value       = module.kms.key_arn
}

output "dashboard_urls" {
  description = "CloudWatch console URL of each pipeline dashboard."
  value       = { for name, d in module.dashboards : name => "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards:name=${d.dashboard_name}" }
}

output "ndjson" {
  description = "The NDJSON pipeline: input bucket, queues, ECR repository, ECS cluster and task definition, Fargate task log group."
  value = {
    input_bucket        = module.ndjson.input_bucket_name
    queue_name          = module.ndjson.queue_name
    dlq_url             = module.ndjson.dlq_url
    ecr_repository_url  = module.ndjson.ecr_repository_url
    ecs_cluster_arn     = module.ndjson.ecs_cluster_arn
    task_definition_arn = module.ndjson.task_definition_arn
    task_log_group_name = module.ndjson.task_log_group_name
  }
}

output "api_endpoint" {
  description = "Base URL of the disclosures API (GET /v1/...)."
  value       = module.http_api.api_endpoint
}
