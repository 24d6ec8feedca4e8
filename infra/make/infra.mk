# Terraform targets (validate, deploy, destroy, logs, trigger-house-fd-pipeline): included by the root Makefile.
#
#   make validate [TF_PLUGIN_DIR=mirror]            tf-check (always); terraform fmt/validate/mocked plan when terraform is on PATH
#   make deploy ENV=dev [AUTO_APPROVE=1]            preflight → build → init → plan → confirm → apply
#   make destroy ENV=dev [AUTO_APPROVE=1]           asks for the environment name unless AUTO_APPROVE=1
#   make logs ENV=dev [FN=house-fd-ingest-zip|house_fd_pipeline] [SINCE=10m] [FILTER=ERROR] [FOLLOW=1]
#   make trigger-house-fd-pipeline ENV=dev [WAIT=1] [INPUT='{}'] [EXECUTION_NAME=…] [STATE_MACHINE_ARN=…]
#   make trigger-house-fd-pipeline LOCAL=1 [SOURCE=dir] [LAKE=dir]
#
# Deploying needs Terraform >= 1.10, AWS credentials (any source of the SDK default chain) and
# TF_STATE_BUCKET (the bucket infra/bootstrap creates): see docs/DEPLOYMENT.md. Every environment is
# the one root infra/envs with infra/envs/<env>.tfvars and <env>.backend.hcl.

ENVS := dev staging prod
TSX := $(PNPM) exec tsx
TF_CHECK := $(TSX) packages/tf-check/src/cli.ts
is_true = $(filter 1 true yes TRUE YES,$(1))

# ENV must name one of the environments, infra/envs/<env>.tfvars (checked before anything else runs).
define check_env
	@case "$(ENV)" in dev|staging|prod) ;; *) echo "ENV must be one of: $(ENVS) (got '$(ENV)'), e.g. make $@ ENV=dev" >&2; exit 2;; esac
endef

# tf-check always; `tf-check terraform` adds terraform fmt -check, init -backend=false (against the
# committed .terraform.lock.hcl), validate of infra/envs and infra/bootstrap, and a plan against a
# mocked AWS provider per environment when terraform is on PATH (providers from TF_PLUGIN_DIR, a
# filesystem mirror, on machines without registry access).
validate: install
	$(TF_CHECK) infra
	$(TF_CHECK) terraform infra

deploy: install
	$(check_env)
	@$(TSX) scripts/deploy/tf.ts preflight --env $(ENV)
	@$(MAKE) --no-print-directory build
	@$(TSX) scripts/deploy/tf.ts apply --env $(ENV) $(if $(call is_true,$(AUTO_APPROVE)),--auto-approve)

destroy: install
	$(check_env)
	@$(TSX) scripts/deploy/tf.ts preflight --env $(ENV)
	@$(MAKE) --no-print-directory build
	@$(TSX) scripts/deploy/tf.ts destroy --env $(ENV) $(if $(call is_true,$(AUTO_APPROVE)),--auto-approve)

logs: install
	$(check_env)
	@$(TSX) scripts/deploy/logs.ts --env $(ENV) $(if $(FN),--fn $(FN)) $(if $(SINCE),--since $(SINCE)) $(if $(call is_true,$(FOLLOW)),--follow) $${FILTER:+--filter "$$FILTER"}

trigger-house-fd-pipeline: install
ifneq ($(call is_true,$(LOCAL)),)
	@$(TSX) scripts/deploy/trigger.ts --local --pipeline house_fd_pipeline $${SOURCE:+--source "$$SOURCE"} $${LAKE:+--lake "$$LAKE"}
else
	$(check_env)
	@$(TSX) scripts/deploy/trigger.ts --env $(ENV) --pipeline house_fd_pipeline $(if $(call is_true,$(WAIT)),--wait) $${INPUT:+--input "$$INPUT"} $${EXECUTION_NAME:+--name "$$EXECUTION_NAME"} $${STATE_MACHINE_ARN:+--state-machine-arn "$$STATE_MACHINE_ARN"}
endif
