variable "role_name" {
  type        = string
  description = "Name of the role (one role per function, state machine, schedule or task)."

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters from A-Za-z0-9+=,.@_-."
  }
}

variable "description" {
  type        = string
  description = "What the role is for; shown in the IAM console."
}

variable "trusted_services" {
  type        = list(string)
  description = "Service principals allowed to assume the role, e.g. lambda.amazonaws.com or states.amazonaws.com."

  validation {
    condition     = length(var.trusted_services) > 0 && alltrue([for s in var.trusted_services : endswith(s, ".amazonaws.com")])
    error_message = "trusted_services must name at least one service principal ending in .amazonaws.com."
  }
}

variable "statements" {
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  description = "Allow statements of the role's inline policy: the exact actions and resource ARNs the principal needs."

  validation {
    condition     = alltrue([for s in var.statements : can(regex("^[A-Za-z0-9]+$", s.sid))])
    error_message = "Every statement sid must be alphanumeric."
  }

  validation {
    condition     = alltrue([for s in var.statements : length(s.actions) > 0 && length(s.resources) > 0])
    error_message = "Every statement needs at least one action and one resource."
  }

  validation {
    condition     = alltrue(flatten([for s in var.statements : [for a in s.actions : a != "*" && !endswith(a, ":*")]]))
    error_message = "Statements name actions one by one: no \"*\" or \"service:*\"."
  }
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Optional permissions boundary policy ARN attached to the role."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the role."
  default     = {}
}
