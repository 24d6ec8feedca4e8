# Copy to <account>.tfvars (or pass -var) with your values: terraform -chdir=infra/bootstrap apply -var-file=<account>.tfvars
bucket_name = "acme-medallion-tfstate"
key_administrators = [
  "arn:aws:iam::111122223333:role/medallion-deployer",
  "arn:aws:iam::111122223333:role/medallion-break-glass",
]
