# Backend settings for prod. make deploy adds bucket (TF_STATE_BUCKET), region and locking
# (use_lockfile on Terraform >= 1.10, else dynamodb_table when TF_LOCK_TABLE is set).
key     = "medallion/prod/terraform.tfstate"
encrypt = true
