output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the function (what the state machines invoke)."
  value       = aws_lambda_function.this.arn
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = module.role.role_arn
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "dlq_name" {
  description = "Name of the function's dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}

output "dlq_arn" {
  description = "ARN of the function's dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "version" {
  description = "Latest published version ($LATEST unless publish is true)."
  value       = aws_lambda_function.this.version
}

output "invoke_arn" {
  description = "Invoke ARN of the unqualified function (API Gateway integrations)."
  value       = aws_lambda_function.this.invoke_arn
}
