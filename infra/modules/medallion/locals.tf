locals {
  name_prefix = "${var.project}-${var.environment}"
  repo_root   = "${path.module}/../../.."
  account_id  = data.aws_caller_identity.current.account_id
  region      = data.aws_region.current.name

  tags = merge(var.tags, {
    "medallion:project"     = var.project
    "medallion:environment" = var.environment
    "managed-by"            = "terraform"
  })

  # One bucket per layer. Objects keep their full lake key (<prefix>/<dataset>/...), so a key
  # lands in the same place whether the lake runs on one root URI or routes per layer.
  lake_layers = ["bronze", "silver", "gold", "quarantine"]

  # Lake prefixes without a layer bucket of their own (batch manifests, quality results)
  # live in the lake root: the bronze (landing) bucket.
  lake_root_layer = "bronze"
  prefix_bucket = {
    bronze      = "bronze"
    silver      = "silver"
    gold        = "gold"
    quarantine  = "quarantine"
    _batches    = "bronze"
    _pending    = "bronze"
    _candidates = "bronze"
    quality     = "bronze"
    # The NDJSON pipeline's prefixes: functions are granted exactly these, not the whole layer.
    "silver/ndjson"     = "silver"
    "quarantine/ndjson" = "quarantine"
    # The converter's frozen schema and its change log.
    "_schemas/ndjson" = "bronze"
    # The market-data pipeline (docs/OHLCV.md).
    "bronze/ohlcv"     = "bronze"
    "silver/ohlcv"     = "silver"
    "quarantine/ohlcv" = "quarantine"
    # Manifests too large for an execution's input (or ECS overrides): written by the builder, read by the steps.
    "_manifests/ndjson" = "bronze"
    # congress, lobbying and correlation (congress.tf): each function gets its datasets' prefixes only.
    "_batches/congress"        = "bronze"
    "_batches/congress_pages"  = "bronze"
    "_batches/congress_chunks" = "bronze"
    "bronze/congress"          = "bronze"
    "silver/congress"          = "silver"
    "gold/congress"            = "gold"
    "quarantine/congress"      = "quarantine"
    "_batches/lobbying"        = "bronze"
    "bronze/lobbying"          = "bronze"
    "silver/lobbying"          = "silver"
    "gold/lobbying"            = "gold"
    "quarantine/lobbying"      = "quarantine"
    "gold/house_fd"            = "gold"
    "gold/correlation"         = "gold"
  }

  # Writes go through lib-storage's multipart Upload (packages/lake/src/s3-store.ts): PutObject
  # covers Create/UploadPart/Complete, and AbortMultipartUpload lets a failed upload remove its parts
  # (leavePartsOnError: false) instead of leaving them billed until the bucket's 7-day lifecycle rule.
  lake_actions = {
    read      = ["s3:GetObject"]
    readwrite = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    # PTRs waiting for their PDF: the marker is removed once the PDF parses.
    readwritedelete = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"]
  }

  access_sid_suffix = {
    read            = "Read"
    readwrite       = "ReadWrite"
    readwritedelete = "ReadWriteDelete"
  }

  table_actions = {
    read      = ["dynamodb:GetItem", "dynamodb:Query"]
    readwrite = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"]
  }

  # Every folder under functions/ (infra/test keeps the two in step). layer: the lake layer whose
  # new rows the function counts (RowsOut/RowsQuarantined, the dashboard's rows per layer), null when
  # it writes none or only rewrites rows another step counted (counting them twice inflates the layer);
  # lake: prefix => read or readwrite; tables: logical table name (packages/tables/src/tables.json)
  # => read or readwrite.
  # Defaults per environment can be changed with var.function_overrides.
  functions = {
    "house-fd-check-new-filings" = {
      layer     = null
      memory_mb = 256
      timeout_s = 60
      lake      = {}
      tables    = { watermarks = "read" }
    }
    "house-fd-ingest-zip" = {
      layer     = "bronze"
      memory_mb = 512
      timeout_s = 300
      lake      = { bronze = "readwrite", _batches = "readwrite" }
      tables    = {}
    }
    "house-fd-index-to-silver" = {
      layer     = "silver"
      memory_mb = 1024
      timeout_s = 300
      lake      = { bronze = "read", silver = "readwrite", quarantine = "readwrite", _batches = "readwrite", _pending = "read" }
      tables    = {}
    }
    "house-fd-extract-document" = {
      layer     = "silver"
      memory_mb = 1024
      timeout_s = 120
      lake      = { bronze = "readwrite", silver = "readwrite", quarantine = "readwrite", _pending = "readwritedelete", _batches = "read" }
      tables    = {}
    }
    "house-fd-compact-silver" = {
      layer     = null # rewrites rows index-to-silver and extract-document already counted into silver
      memory_mb = 1024
      timeout_s = 300
      lake      = { silver = "readwrite", _batches = "read" }
      tables    = {}
    }
    "house-fd-transform-to-gold" = {
      layer     = "gold"
      memory_mb = 2048
      timeout_s = 600
      lake      = { bronze = "read", silver = "read", gold = "read", _candidates = "readwrite" }
      tables    = {}
    }
    "house-fd-publish-gold" = {
      layer     = "gold"
      memory_mb = 512
      timeout_s = 120
      lake      = { gold = "readwrite", _candidates = "read" }
      tables    = {}
    }
    # UpdateCache (docs/API.md): the API's serving database and hot responses under gold/house_fd/_serving/.
    "house-fd-update-cache" = {
      layer     = "gold"
      memory_mb = 2048
      timeout_s = 300
      lake      = { silver = "read", gold = "readwrite" }
      tables    = {}
    }
    # The disclosures API (api.tf, docs/API.md): reads only the serving database, hot responses and
    # pointer UpdateCache publishes under gold/ (in Lambda it never builds one itself: 503 instead).
    "api" = {
      layer     = null
      memory_mb = 1769 # one full vCPU
      timeout_s = 10
      lake      = { gold = "read" }
      tables    = {}
    }
    "house-fd-advance-watermark" = {
      layer     = null
      memory_mb = 256
      timeout_s = 30
      lake      = {}
      tables    = { watermarks = "readwrite" }
    }
    "run-quality-checks" = {
      layer     = null
      memory_mb = 1024
      timeout_s = 300
      lake      = { silver = "read", gold = "read", quality = "readwrite", _candidates = "read" }
      tables    = {}
    }
    # The NDJSON pipeline (docs/ETL.md). What each does beyond the lake and tables (its queue, the
    # state machine, the input bucket) is in local.ndjson_statements (main.tf).
    "ndjson-manifest-builder" = {
      layer     = null
      memory_mb = 512
      timeout_s = 60
      # A large manifest's file list goes to the lake; the execution input carries its key.
      lake   = { "_manifests/ndjson" = "readwrite" }
      tables = { file_tracking = "readwrite", ndjson_manifests = "readwrite", circuit_breakers = "readwrite" }
    }
    "ndjson-convert" = {
      layer     = "silver"
      memory_mb = 3008
      timeout_s = 900
      # A re-run deletes its own stale chunks and quarantine file; the schema is read and extended.
      lake   = { "silver/ndjson" = "readwritedelete", "quarantine/ndjson" = "readwritedelete", "_schemas/ndjson" = "readwrite", "_manifests/ndjson" = "read" }
      tables = { ndjson_manifests = "read" }
    }
    "ndjson-update-status" = {
      layer     = null
      memory_mb = 256
      timeout_s = 60
      lake      = { "_manifests/ndjson" = "read" }
      tables    = { file_tracking = "readwrite", ndjson_manifests = "readwrite" }
    }
    "ndjson-compensate" = {
      layer     = null
      memory_mb = 256
      timeout_s = 60
      # Removes what the failed attempt wrote before its files go back to pending (docs/ETL.md).
      lake   = { "silver/ndjson" = "readwritedelete", "quarantine/ndjson" = "readwritedelete", "_manifests/ndjson" = "read" }
      tables = { file_tracking = "readwrite", ndjson_manifests = "readwrite" }
    }
    "ndjson-recover-orphans" = {
      layer     = null
      memory_mb = 512
      timeout_s = 300
      # Removes what a failed or timed-out execution wrote before releasing its files; re-drives write manifests.
      lake   = { "silver/ndjson" = "readwritedelete", "quarantine/ndjson" = "readwritedelete", "_manifests/ndjson" = "readwrite" }
      tables = { file_tracking = "readwrite", ndjson_manifests = "readwrite", circuit_breakers = "readwrite" }
    }
    "ndjson-dlq-report" = {
      layer     = null
      memory_mb = 256
      timeout_s = 60
      lake      = {}
      tables    = {}
    }
    # The market-data pipeline (docs/OHLCV.md); its database, secret, VPC and schedule are in ohlcv.tf.
    "ohlcv-fetch" = {
      layer     = "bronze"
      memory_mb = 2048
      timeout_s = 300
      # Rewrites the touched symbols' files, adds change records and moves its checkpoint.
      lake   = { "bronze/ohlcv" = "readwrite", "quarantine/ohlcv" = "readwrite" }
      tables = {}
    }
    "ohlcv-resample" = {
      layer     = "silver"
      memory_mb = 3008
      timeout_s = 900
      # Deletes the change records it consumed and the partitions a rebuild left empty.
      lake   = { "bronze/ohlcv" = "readwritedelete", "silver/ohlcv" = "readwritedelete" }
      tables = {}
    }
    "ohlcv-retention" = {
      layer     = null
      memory_mb = 512
      timeout_s = 300
      lake      = {}
      tables    = {}
    }
    # congress_pipeline, lobbying_pipeline, cross_dataset_correlation (congress.tf, docs/CONGRESS.md).
    "congress-fetch-bills" = {
      layer     = "bronze"
      memory_mb = 512
      timeout_s = 870
      lake      = { "_batches/congress" = "readwrite", "_batches/congress_pages" = "readwritedelete", "_batches/congress_chunks" = "readwrite", "bronze/congress" = "readwrite" }
      tables    = { watermarks = "read", rate_limits = "readwrite", circuit_breakers = "readwrite" }
    }
    "congress-fetch-details" = {
      layer     = "bronze"
      memory_mb = 512
      timeout_s = 870
      lake      = { "_batches/congress_chunks" = "read", "bronze/congress" = "readwrite", "quarantine/congress" = "readwrite" }
      tables    = { rate_limits = "readwrite", circuit_breakers = "readwrite" }
    }
    "congress-transform-to-silver" = {
      layer     = "silver"
      memory_mb = 1024
      timeout_s = 600
      lake      = { "_batches/congress_chunks" = "read", "bronze/congress" = "read", "silver/congress" = "readwrite", "quarantine/congress" = "readwrite" }
      tables    = {}
    }
    "congress-build-dimensions" = {
      layer     = "gold"
      memory_mb = 2048
      timeout_s = 600
      lake      = { "silver/congress" = "read", "bronze/congress" = "read", "gold/congress" = "readwrite" }
      tables    = {}
    }
    "congress-advance-watermark" = {
      layer     = null
      memory_mb = 256
      timeout_s = 30
      lake      = {}
      tables    = { watermarks = "readwrite" }
    }
    "lobbying-check-new-filings" = {
      layer     = null
      memory_mb = 256
      timeout_s = 60
      lake      = { "_batches/lobbying" = "readwrite" }
      tables    = { watermarks = "read", circuit_breakers = "readwrite" }
    }
    "lobbying-download-filings" = {
      layer     = "bronze"
      memory_mb = 512
      timeout_s = 870
      lake      = { "bronze/lobbying" = "readwrite" }
      tables    = { circuit_breakers = "readwrite" }
    }
    "lobbying-parse-to-silver" = {
      layer     = "silver"
      memory_mb = 1024
      timeout_s = 300
      lake      = { "bronze/lobbying" = "read", "silver/lobbying" = "readwrite", "quarantine/lobbying" = "readwrite" }
      tables    = {}
    }
    "lobbying-transform-to-gold" = {
      layer     = "gold"
      memory_mb = 1024
      timeout_s = 300
      lake      = { "silver/lobbying" = "read", "gold/lobbying" = "readwrite" }
      tables    = {}
    }
    "lobbying-advance-watermark" = {
      layer     = null
      memory_mb = 256
      timeout_s = 30
      lake      = {}
      tables    = { watermarks = "readwrite" }
    }
    "correlation-build" = {
      layer     = "gold"
      memory_mb = 2048
      timeout_s = 600
      lake      = { "gold/house_fd" = "read", "gold/congress" = "read", "gold/correlation" = "readwrite" }
      tables    = { watermarks = "read" }
    }
  }

  # /tmp beyond the 512 MB default: DuckDB spills past its memory limit there.
  ephemeral_storage_mb = {
    "ndjson-convert"        = 4096
    "ohlcv-resample"        = 4096
    "house-fd-update-cache" = 2048
    "api"                   = 1024
  }

  # The functions that fetch the complete member list (packages/house-fd-steps/src/member-list.ts):
  # only they get HOUSE_FD_MEMBER_SOURCE, HOUSE_FD_MEMBERS_URL, CONGRESS_GOV_API_KEY_PARAMETER and the
  # grant to read that parameter.
  member_list_functions = ["house-fd-ingest-zip"]

  # Every ASL file under state_machines/ (infra/test keeps the two in step).
  # stopped_alarm: alarm when no execution succeeded in stopped_hours (null = var.alarm_thresholds.pipeline_stopped_hours).
  # fargate: the definition runs the converter's ECS task (ecs:runTask.sync), so its role may run that
  # task definition. The NDJSON pipeline has no schedule: the manifest builder starts one execution per
  # manifest (named by manifest id).
  state_machines = {
    house_fd_pipeline = {
      schedule_expression = "rate(1 hour)"
      schedule_input      = {}
      fargate             = false
      stopped_alarm       = true
      stopped_hours       = null
    }
    ndjson_parquet_pipeline = {
      schedule_expression = null
      schedule_input      = {}
      fargate             = true
      stopped_alarm       = false
      stopped_hours       = null
    }
    # Weekdays after the close: EventBridge rules run in UTC, and 23:30 UTC is 18:30 in New York in
    # winter, 19:30 in summer, so the day's grouped-daily bars are final (docs/OHLCV.md).
    ohlcv_pipeline = {
      schedule_expression = "cron(30 23 ? * MON-FRI *)"
      schedule_input      = { full = false }
      fargate             = false
      # Once a weekday: an "no success in N hours" window would fire every weekend. A failed run
      # alarms (failed executions) and alerts (its Catch).
      stopped_alarm = false
      stopped_hours = null
    }
    # stopped_hours: the no-success alarm's window when the schedule is slower than
    # var.alarm_thresholds.pipeline_stopped_hours allows (two missed runs and an hour).
    congress_pipeline = {
      schedule_expression = "rate(6 hours)"
      schedule_input      = {}
      fargate             = false
      stopped_alarm       = true
      stopped_hours       = 13
    }
    lobbying_pipeline = {
      schedule_expression = "rate(12 hours)"
      schedule_input      = {}
      fargate             = false
      stopped_alarm       = true
      stopped_hours       = 13
    }
    # Started by EventBridge when house_fd_pipeline succeeds (congress.tf), not on a schedule.
    cross_dataset_correlation = {
      schedule_expression = null
      schedule_input      = {}
      fargate             = false
      stopped_alarm       = false
      stopped_hours       = null
    }
  }

  # NDJSON functions outside the state machine, shown on its dashboard too.
  ndjson_outside_functions = ["ndjson-manifest-builder", "ndjson-recover-orphans", "ndjson-dlq-report"]

  # DynamoDB tables: the one definition shared with the local emulation.
  tables = { for t in jsondecode(file("${local.repo_root}/packages/tables/src/tables.json")).tables : t.name => t }
}
