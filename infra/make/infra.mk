# Terraform targets (validate, deploy, destroy, logs, trigger-house-fd-pipeline): included by the root Makefile.
