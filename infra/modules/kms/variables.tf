variable "name_prefix" {
  type        = string
  description = "Prefix of every Medallion resource name in this environment, e.g. medallion-dev. The key alias is alias/<name_prefix>."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name_prefix))
    error_message = "name_prefix must be 3-41 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "key_administrators" {
  type        = list(string)
  description = "IAM role or user ARNs that administer the key (policy, rotation, deletion) without being able to use it for data. Include the role that runs terraform apply, or the next apply cannot update the key policy."

  validation {
    condition     = length(var.key_administrators) > 0 && alltrue([for a in var.key_administrators : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]+$", a))])
    error_message = "key_administrators must list at least one IAM role or user ARN (arn:aws:iam::<account>:role/<name>); the account root is not accepted."
  }
}

variable "deletion_window_in_days" {
  type        = number
  description = "Waiting period before a scheduled key deletion completes (AWS allows 7-30 days)."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30."
  }
}

variable "via_services" {
  type        = list(string)
  description = "AWS services (endpoint prefixes such as dynamodb, s3, sqs) through which principals of this account may use the key."
  default     = ["dynamodb", "s3", "sqs", "sns", "lambda", "states", "ecs", "ecr", "ssm"]

  validation {
    condition     = alltrue([for s in var.via_services : can(regex("^[a-z0-9-]+$", s))])
    error_message = "via_services holds service endpoint prefixes such as dynamodb or s3."
  }
}

variable "service_principals" {
  type        = list(string)
  description = "Service principals that encrypt with the key on their own behalf: CloudWatch Logs (log groups), CloudWatch (alarms publishing to an encrypted topic), EventBridge (encrypted dead-letter queues), S3 (event notifications to an encrypted queue)."
  default     = ["logs", "cloudwatch", "events", "s3"]

  validation {
    condition     = alltrue([for s in var.service_principals : contains(["logs", "cloudwatch", "events", "states", "sns", "s3"], s)])
    error_message = "service_principals may name logs, cloudwatch, events, states, sns or s3."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the key."
  default     = {}
}
