# Once per AWS account, before the first make deploy: the bucket holding every environment's
# Terraform state (infra/envs/<env>.backend.hcl). Versioned (a bad apply can be rolled back),
# encrypted with its own KMS key, TLS only, public access blocked. Locking needs no table: the S3
# backend writes a lock file next to the state (use_lockfile, Terraform >= 1.10).
#
# This root keeps its own (tiny) state locally: terraform.tfstate here, ignored by git. Keep a
# copy, or move it into the bucket afterwards (docs/DEPLOYMENT.md, "Bootstrap the state backend").
provider "aws" {
  region = var.aws_region

  default_tags {
    tags = { "medallion:purpose" = "terraform-state" }
  }
}

module "kms" {
  source = "../modules/kms"

  name_prefix        = "${var.project}-terraform-state"
  key_administrators = var.key_administrators
  # Principals of the account use the key only through S3 (reading and writing state).
  via_services       = ["s3"]
  service_principals = []
  tags               = var.tags
}

module "state_bucket" {
  source = "../modules/s3"

  bucket_name                        = var.bucket_name
  layer                              = "state"
  kms_key_arn                        = module.kms.key_arn
  noncurrent_version_expiration_days = var.noncurrent_version_expiration_days
  force_destroy                      = false
  tags                               = var.tags
}
