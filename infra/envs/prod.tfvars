environment        = "prod"
log_level          = "INFO"
log_retention_days = 90

function_overrides = {
  "house-fd-transform-to-gold" = {
    memory_mb = 3008
  }
  "house-fd-extract-document" = {
    memory_mb = 1536
  }
}

alarm_thresholds = {
  lambda_errors                  = 1
  lambda_duration_pct_of_timeout = 80
  failed_executions              = 1
  dynamodb_throttles             = 1
  pipeline_stopped_hours         = 3
}

# Who hears alarms: staging and prod refuse to plan without one, and make deploy refuses the
# example.com placeholder — put the on-call address here.
alert_emails      = ["prod-alerts@example.com"]
schedules_enabled = true

# Where house-fd-ingest-zip reads the complete member list (former members included): the
# congress.gov API, its key in an SSM SecureString the operator puts once (docs/DEPLOYMENT.md).
house_fd_member_source         = "congress-gov"
house_fd_members_url           = "https://api.congress.gov/v3/member"
congress_gov_api_key_parameter = "/medallion/prod/congress-gov-api-key"

state_machine_log_level              = "ERROR"
state_machine_include_execution_data = false

noncurrent_version_expiration_days = 90
bronze_glacier_ir_days             = 180
force_destroy_buckets              = false
table_deletion_protection          = true
kms_deletion_window_days           = 30

# Who administers the environment key (not who uses it): the role that runs make deploy and a
# break-glass role (docs/DEPLOYMENT.md). make deploy refuses the 111122223333 example account.
key_administrators = [
  "arn:aws:iam::111122223333:role/medallion-deployer",
  "arn:aws:iam::111122223333:role/medallion-break-glass",
]

# The NDJSON pipeline (docs/ETL.md). The Fargate converter runs in these private subnets (egress-only
# security group; S3, DynamoDB, ECR and CloudWatch Logs through NAT or VPC endpoints): replace the
# example ids with the account's.
ndjson = {
  vpc_id             = "vpc-0123456789abcdef0"
  private_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

# The disclosures API (docs/API.md): two containers kept warm (no cold start under normal traffic).
api = {
  provisioned_concurrency = 2
  throttling_burst_limit  = 500
  throttling_rate_limit   = 200
}

# The market-data pipeline (docs/OHLCV.md): its PostgreSQL in two availability zones.
ohlcv = {
  db_multi_az = true
}
