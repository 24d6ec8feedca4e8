output "function_name" {
  description = "Name of the converter Lambda."
  value       = module.converter.function_name
}

output "function_arn" {
  description = "ARN of the converter Lambda."
  value       = module.converter.function_arn
}

output "dlq_name" {
  description = "Name of the converter Lambda's dead-letter queue."
  value       = module.converter.dlq_name
}

output "ecs_cluster_arn" {
  description = "ARN of the Fargate cluster, or null when Fargate is off."
  value       = try(aws_ecs_cluster.this[0].arn, null)
}

output "task_definition_arn" {
  description = "ARN of the Fargate task definition, or null when Fargate is off."
  value       = try(aws_ecs_task_definition.this[0].arn, null)
}
