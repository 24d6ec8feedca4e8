output "input_bucket_name" {
  description = "Bucket the NDJSON files land in (<date_prefix>/<name>.ndjson[.gz])."
  value       = module.input_bucket.bucket_name
}

output "input_bucket_arn" {
  description = "ARN of the input bucket."
  value       = module.input_bucket.bucket_arn
}

output "input_uri" {
  description = "s3://<input bucket> (NDJSON_INPUT_URI of the converter)."
  value       = module.input_bucket.uri
}

output "queue_arn" {
  description = "ARN of the queue receiving the input bucket's notifications (the manifest builder's event source)."
  value       = aws_sqs_queue.this.arn
}

output "queue_name" {
  description = "Name of the input queue."
  value       = aws_sqs_queue.this.name
}

output "dlq_arn" {
  description = "ARN of the input queue's dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "dlq_url" {
  description = "URL of the input queue's dead-letter queue (NDJSON_DLQ_URL of ndjson-dlq-report)."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_name" {
  description = "Name of the input queue's dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "ecs_cluster_arn" {
  description = "ARN of the cluster the Fargate converter runs in."
  value       = aws_ecs_cluster.this.arn
}

output "ecs_cluster_name" {
  description = "Name of that cluster."
  value       = aws_ecs_cluster.this.name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the converter's task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "task_role_arns" {
  description = "Task role and execution role of the task definition: what a RunTask caller must be allowed to pass (iam:PassRole)."
  value       = [module.task_role.role_arn, module.execution_role.role_arn]
}

output "security_group_ids" {
  description = "Security groups of the task (egress only)."
  value       = [aws_security_group.task.id]
}

output "container_name" {
  description = "Name of the converter container (the state machine's ContainerOverrides name)."
  value       = local.container_name
}

output "ecr_repository_url" {
  description = "Repository the converter image is pushed to (docs/DEPLOYMENT.md)."
  value       = aws_ecr_repository.converter.repository_url
}

output "task_log_group_name" {
  description = "Log group of the Fargate task."
  value       = aws_cloudwatch_log_group.task.name
}
