# Medallion — every target works on a fresh machine with Node 20 (>= 20.19) or 22 (>= 22.12) and npm.
SHELL := /bin/bash
PNPM_VERSION := 10.34.8
PNPM := npx -y pnpm@$(PNPM_VERSION)
ENV ?= dev
export NODE_OPTIONS_POLYFILL := --import ./scripts/polyfills.mjs

.PHONY: install build test typecheck demo bench validate deploy destroy logs clean trigger-house-fd-pipeline

node_modules/.modules.yaml: package.json pnpm-lock.yaml pnpm-workspace.yaml
	$(PNPM) install --frozen-lockfile
	@touch $@

# The NDJSON converter's compiled line scanner (packages/ndjson/native; skipped, with a note, without a C compiler) and
# the `lake` CLI's esbuild bundle (packages/cli/dist) are rebuilt when any source is newer.
install: node_modules/.modules.yaml
	@node packages/ndjson/native/build.mjs --if-stale
	@node packages/cli/bin/bundle.mjs --if-stale

typecheck: install
	$(PNPM) run typecheck

test: install
	$(PNPM) run lint
	$(PNPM) run check:exports
	$(PNPM) run check:deps
	$(PNPM) run typecheck
	$(MAKE) --no-print-directory validate
	$(PNPM) run test:ci

build: install
	$(PNPM) run build $(if $(VERIFY),--verify)

demo: install
	$(PNPM) lake run house_fd_pipeline --source sample-data/house-fd/source --lake .lake
	$(PNPM) lake run congress_pipeline --source sample-data/congress --lake .lake
	$(PNPM) lake run lobbying_pipeline --source sample-data/lobbying --lake .lake
	$(PNPM) lake run cross_dataset_correlation --lake .lake
	@$(PNPM) -s lake api examples --lake .lake

bench: install
	$(PNPM) run bench

clean:
	rm -rf .lake dist .bench packages/cli/dist
include infra/make/infra.mk
