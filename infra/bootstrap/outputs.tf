output "state_bucket" {
  description = "The state bucket: export TF_STATE_BUCKET=<this> before make deploy."
  value       = module.state_bucket.bucket_name
}

output "state_kms_key_arn" {
  description = "Key encrypting the state; make deploy reads it from the bucket's default encryption and passes it as kms_key_id."
  value       = module.kms.key_arn
}
