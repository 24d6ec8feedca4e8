-- Daily bars as fetched: the fast cache of bronze for the last 5 years + 1 month.
-- DOUBLE PRECISION prices: a DECIMAL(10,2) would truncate sub-cent and split-adjusted prices.
CREATE TABLE raw_ohlcv (
  symbol       text             NOT NULL,
  date         date             NOT NULL, -- New York trading date
  open         double precision NOT NULL,
  high         double precision NOT NULL,
  low          double precision NOT NULL,
  close        double precision NOT NULL,
  volume       bigint           NOT NULL,
  vwap         double precision,
  transactions bigint,
  ingested_at  timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (symbol, date)
);

-- Retention scans by date.
CREATE INDEX raw_ohlcv_date_idx ON raw_ohlcv (date);
