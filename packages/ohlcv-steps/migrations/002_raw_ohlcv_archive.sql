-- Rows older than the retention window, moved here by the retention function (never deleted).
CREATE TABLE raw_ohlcv_archive (
  symbol       text             NOT NULL,
  date         date             NOT NULL,
  open         double precision NOT NULL,
  high         double precision NOT NULL,
  low          double precision NOT NULL,
  close        double precision NOT NULL,
  volume       bigint           NOT NULL,
  vwap         double precision,
  transactions bigint,
  ingested_at  timestamptz      NOT NULL,
  archived_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, date)
);
