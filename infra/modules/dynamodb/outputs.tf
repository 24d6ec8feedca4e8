output "table_name" {
  description = "Physical name of the table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}

output "index_arns" {
  description = "ARNs of the table's indexes (<table arn>/index/*), for Query permissions."
  value       = ["${aws_dynamodb_table.this.arn}/index/*"]
}
