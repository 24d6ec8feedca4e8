environment        = "dev"
log_level          = "DEBUG"
log_retention_days = 14

function_overrides = {}

alarm_thresholds = {
  lambda_errors                  = 1
  lambda_duration_pct_of_timeout = 90
  failed_executions              = 1
  dynamodb_throttles             = 5
  pipeline_stopped_hours         = 3
}

# Who hears alarms. dev may have none; staging and prod refuse to plan without one, and make
# deploy refuses the example.com placeholder.
alert_emails      = []
schedules_enabled = true

# Where house-fd-ingest-zip reads the complete member list (former members included). dev needs no
# secret: the unitedstates/congress-legislators YAML.
house_fd_member_source = "legislators-historical"
house_fd_members_url   = "https://unitedstates.github.io/congress-legislators/legislators-historical.yaml"

state_machine_log_level              = "ALL"
state_machine_include_execution_data = true

noncurrent_version_expiration_days = 7
bronze_glacier_ir_days             = 0
force_destroy_buckets              = true
table_deletion_protection          = false
kms_deletion_window_days           = 7

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
