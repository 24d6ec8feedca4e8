variable "identifier" {
  type        = string
  description = "DB instance identifier (also names its subnet group, parameter group and security groups)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the database and its clients."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "At least two private subnets in different availability zones."

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "RDS needs at least two subnets."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Key for storage, the master-password secret and Performance Insights."
}

variable "engine_major_version" {
  type        = string
  description = "PostgreSQL major version (the tests run 15 and PGlite)."
  default     = "15"
}

variable "instance_class" {
  type        = string
  description = "DB instance class."
  default     = "db.t4g.small"
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial storage (5 years of ~5,350 symbols a day is ~7M rows, a few GB)."
  default     = 20
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Storage autoscaling ceiling."
  default     = 100
}

variable "database_name" {
  type        = string
  description = "Database created with the instance."
  default     = "medallion"
}

variable "multi_az" {
  type        = bool
  description = "Standby in a second zone (prod)."
  default     = false
}

variable "backup_retention_days" {
  type        = number
  description = "Automated backups kept this many days."
  default     = 7
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse deletion, and take a final snapshot when it is lifted."
  default     = true
}

variable "alarm_topic_arn" {
  type        = string
  description = "SNS topic of the CPU and storage alarms."
}

variable "tags" {
  type        = map(string)
  description = "Tags of every resource."
  default     = {}
}
