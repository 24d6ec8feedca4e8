# State of prod: make deploy ENV=prod adds the bucket (TF_STATE_BUCKET) and its region. The
# lock file next to the state (use_lockfile, Terraform >= 1.10) keeps two applies apart; make deploy
# refuses a backend without it.
key          = "medallion/prod/terraform.tfstate"
encrypt      = true
use_lockfile = true
