# PostgreSQL on RDS for the market-data cache (raw_ohlcv, raw_ohlcv_archive): private (no public
# address, reachable only from the given security groups), encrypted with the environment's key,
# the master password generated and rotated by RDS in Secrets Manager (never in state or a variable).
resource "aws_db_subnet_group" "this" {
  name        = var.identifier
  description = "Private subnets of ${var.identifier}"
  subnet_ids  = var.private_subnet_ids
  tags        = var.tags
}

resource "aws_security_group" "db" {
  name        = "${var.identifier}-db"
  description = "PostgreSQL ${var.identifier}: 5432 from its clients only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_security_group" "clients" {
  name        = "${var.identifier}-clients"
  description = "Clients of PostgreSQL ${var.identifier} (the ohlcv Lambdas): egress only"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "from_clients" {
  security_group_id            = aws_security_group.db.id
  referenced_security_group_id = aws_security_group.clients.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "PostgreSQL from the clients' security group"
}

# The Lambdas reach the database, S3 and the Polygon API (through NAT or endpoints).
resource "aws_vpc_security_group_egress_rule" "clients_all" {
  security_group_id = aws_security_group.clients.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  description       = "Database, AWS APIs and the market-data API"
}

resource "aws_db_parameter_group" "this" {
  name        = var.identifier
  family      = "postgres${var.engine_major_version}"
  description = "TLS only for ${var.identifier}"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
  tags = var.tags
}

resource "aws_db_instance" "this" {
  identifier                      = var.identifier
  engine                          = "postgres"
  engine_version                  = var.engine_major_version
  instance_class                  = var.instance_class
  allocated_storage               = var.allocated_storage_gb
  max_allocated_storage           = var.max_allocated_storage_gb
  storage_type                    = "gp3"
  storage_encrypted               = true
  kms_key_id                      = var.kms_key_arn
  db_name                         = var.database_name
  username                        = "medallion"
  manage_master_user_password     = true
  master_user_secret_kms_key_id   = var.kms_key_arn
  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.db.id]
  parameter_group_name            = aws_db_parameter_group.this.name
  publicly_accessible             = false
  multi_az                        = var.multi_az
  backup_retention_period         = var.backup_retention_days
  deletion_protection             = var.deletion_protection
  skip_final_snapshot             = !var.deletion_protection
  final_snapshot_identifier       = var.deletion_protection ? "${var.identifier}-final" : null
  copy_tags_to_snapshot           = true
  auto_minor_version_upgrade      = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = var.kms_key_arn
  enabled_cloudwatch_logs_exports = ["postgresql"]
  tags                            = var.tags
}

module "alarms" {
  source = "../alarms"

  name_prefix = var.identifier
  alarms = {
    cpu = {
      description        = "PostgreSQL ${var.identifier}: CPU above 80% for 15 minutes"
      namespace          = "AWS/RDS"
      metric_name        = "CPUUtilization"
      dimensions         = { DBInstanceIdentifier = aws_db_instance.this.identifier }
      threshold          = 80
      statistic          = "Average"
      period             = 300
      evaluation_periods = 3
    }
    free-storage = {
      description         = "PostgreSQL ${var.identifier}: under 2 GiB of free storage"
      namespace           = "AWS/RDS"
      metric_name         = "FreeStorageSpace"
      dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
      threshold           = 2147483648
      statistic           = "Minimum"
      comparison_operator = "LessThanThreshold"
    }
  }
  alarm_topic_arn = var.alarm_topic_arn
  tags            = var.tags
}
