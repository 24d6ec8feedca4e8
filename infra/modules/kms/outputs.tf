output "key_arn" {
  description = "ARN of the environment key."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "Id of the environment key."
  value       = aws_kms_key.this.key_id
}

output "alias_name" {
  description = "Alias of the environment key (alias/<name_prefix>)."
  value       = aws_kms_alias.this.name
}
