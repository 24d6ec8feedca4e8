terraform {
  # Same range as infra/envs: the environments lock their state with use_lockfile (1.10).
  required_version = ">= 1.10, < 2.0"

  # Local state on purpose: this root creates the bucket every other state lives in.

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.61"
    }
  }
}
