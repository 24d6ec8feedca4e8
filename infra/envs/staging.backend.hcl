# State of staging: make deploy ENV=staging adds the bucket (TF_STATE_BUCKET) and its region. The
# lock file next to the state (use_lockfile, Terraform >= 1.10) keeps two applies apart; make deploy
# refuses a backend without it.
key          = "medallion/staging/terraform.tfstate"
encrypt      = true
use_lockfile = true
