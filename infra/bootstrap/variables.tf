variable "aws_region" {
  type        = string
  description = "Region of the state bucket; null uses AWS_REGION or the profile's region."
  default     = null
}

variable "project" {
  type        = string
  description = "Project name: the state key's alias is alias/<project>-terraform-state."
  default     = "medallion"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "bucket_name" {
  type        = string
  description = "Name of the state bucket (globally unique), e.g. acme-medallion-tfstate; export it as TF_STATE_BUCKET for make deploy."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lowercase letters, digits, dots or hyphens."
  }
}

variable "key_administrators" {
  type        = list(string)
  description = "IAM role or user ARNs administering the state key (the role running this bootstrap and a break-glass role)."

  validation {
    condition     = length(var.key_administrators) > 0 && alltrue([for a in var.key_administrators : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", a))])
    error_message = "key_administrators must list at least one IAM role or user ARN."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced state version is kept (the way back from a bad apply)."
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 30
    error_message = "Keep replaced state versions at least 30 days."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the bucket and the key."
  default     = {}
}
