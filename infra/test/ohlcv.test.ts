/**
 * ohlcv in the planned environments: only ohlcv-fetch reads the Polygon key (GetParameter on that
 * one parameter); the database functions run in the VPC with the database's client group; the
 * resampler has neither.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MEDALLION = fileURLToPath(new URL('../modules/medallion/', import.meta.url));
const read = (f: string) => readFileSync(join(MEDALLION, f), 'utf8');

it('only ohlcv-fetch reads the Polygon key parameter, and only that parameter', () => {
  const tf = read('ohlcv.tf');
  expect(tf).toMatch(
    /"ohlcv-fetch" = concat\(local\.ohlcv_db_statements, \[\s*\{\s*sid\s*= "ReadPolygonApiKeyParameter"\s*actions\s*= \["ssm:GetParameter"\]\s*resources\s*= \[local\.ohlcv_polygon_key_parameter_arn\]/,
  );
  expect(tf.match(/ssm:GetParameter/g)).toHaveLength(1);
  expect(tf).toContain('OHLCV_POLYGON_API_KEY_PARAMETER = var.ohlcv.polygon_api_key_parameter');
  expect(tf).not.toMatch(/OHLCV_POLYGON_API_KEY\s*=/); // never the key itself in an environment variable
});

it('the database functions run in the VPC; the resampler does not touch the database', () => {
  const tf = read('ohlcv.tf');
  expect(tf).toMatch(/ohlcv_db_functions\s+= \["ohlcv-fetch", "ohlcv-retention"\]/);
  expect(read('main.tf')).toMatch(/vpc_config\s+= lookup\(local\.ohlcv_vpc_config, each\.key, null\)/);
});

it('the RDS instance is private, encrypted and keeps its password in Secrets Manager', () => {
  const rds = readFileSync(fileURLToPath(new URL('../modules/rds_postgres/main.tf', import.meta.url)), 'utf8');
  for (const line of ['publicly_accessible             = false', 'storage_encrypted               = true', 'manage_master_user_password     = true'])
    expect(rds).toContain(line);
  expect(rds).not.toMatch(/\bpassword\s*=/);
});
