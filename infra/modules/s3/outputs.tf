output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "uri" {
  description = "s3://<bucket> URI of the bucket."
  value       = "s3://${aws_s3_bucket.this.id}"
}
