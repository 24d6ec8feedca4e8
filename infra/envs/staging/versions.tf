terraform {
  required_version = ">= 1.6"

  # Partial configuration: `make deploy` passes bucket, region and key (see backend.hcl).
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}
