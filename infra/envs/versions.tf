terraform {
  # 1.10: the S3 backend's own lock file (use_lockfile), which make deploy always turns on. The
  # reusable modules ask only for 1.7 (mock providers in terraform test).
  required_version = ">= 1.10, < 2.0"

  # Partial configuration: <env>.backend.hcl, plus the bucket and region make deploy passes.
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.61"
    }
  }
}
