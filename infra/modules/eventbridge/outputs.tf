output "rule_name" {
  description = "Name of the rule."
  value       = aws_cloudwatch_event_rule.this.name
}

output "rule_arn" {
  description = "ARN of the rule."
  value       = aws_cloudwatch_event_rule.this.arn
}

output "dlq_name" {
  description = "Name of the rule's dead-letter queue."
  value       = aws_sqs_queue.dlq.name
}
