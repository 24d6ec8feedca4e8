output "alarm_arns" {
  description = "ARN of each alarm, keyed like var.alarms."
  value       = { for k, a in aws_cloudwatch_metric_alarm.this : k => a.arn }
}

output "alarm_names" {
  description = "Name of each alarm, keyed like var.alarms."
  value       = { for k, a in aws_cloudwatch_metric_alarm.this : k => a.alarm_name }
}
