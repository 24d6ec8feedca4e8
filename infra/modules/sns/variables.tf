variable "topic_name" {
  type        = string
  description = "Name of the topic, e.g. medallion-dev-alerts."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.topic_name))
    error_message = "topic_name must be 1-256 characters from A-Za-z0-9_-."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key that encrypts messages at rest."
}

variable "subscriptions" {
  type = list(object({
    protocol = string
    endpoint = string
  }))
  description = "Subscribers, e.g. [{ protocol = \"email\", endpoint = \"oncall@example.com\" }]. Email subscriptions stay pending until confirmed."
  default     = []

  validation {
    condition     = alltrue([for s in var.subscriptions : contains(["email", "email-json", "https", "sqs", "lambda", "sms"], s.protocol)])
    error_message = "Subscription protocol must be one of email, email-json, https, sqs, lambda or sms."
  }
}

variable "publisher_services" {
  type        = list(string)
  description = "Service principals allowed to publish (CloudWatch alarms, EventBridge rules), limited to this account."
  default     = ["cloudwatch.amazonaws.com", "events.amazonaws.com"]
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the topic."
  default     = {}
}
