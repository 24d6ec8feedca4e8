output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the instance."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "Database name."
  value       = aws_db_instance.this.db_name
}

output "secret_arn" {
  description = "Secrets Manager secret (username, password) RDS manages for the master user."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "client_security_group_id" {
  description = "Security group to put the database's clients in."
  value       = aws_security_group.clients.id
}

output "instance_arn" {
  description = "ARN of the instance."
  value       = aws_db_instance.this.arn
}
