import { sqlPath } from '@medallion/duck';
import { surrogateKeySql } from '../keys';

/** Columns of the staged member segments (see member-terms.ts). */
export const MEMBER_SEGMENT_COLUMNS = `{'bioguide_id': 'VARCHAR', 'full_name': 'VARCHAR', 'seg_no': 'INTEGER', 'seg_start': 'DATE', 'seg_end': 'DATE', 'party': 'VARCHAR', 'state': 'VARCHAR', 'district': 'INTEGER'}`;

/**
 * dim_member (SCD Type 2) from staged segments, as gaps-and-islands:
 * a new version starts wherever (party, state, district) differs from the previous segment
 * (null-safe: senators have no district); a version runs until the day before the next one
 * starts, so a member's versions tile time from the first term with no holes (a gap between
 * terms with unchanged attributes stays one version). The last version is open-ended
 * (9999-12-31, is_current) unless the member's last segment ended before the ingest date.
 * Params: $ingest_date (DATE).
 */
export function dimMemberSelectSql(segmentsNdjson: string): string {
  const memberKey = surrogateKeySql(`bioguide_id || '|' || strftime(valid_from, '%Y-%m-%d')`);
  return `
WITH segments AS (
  SELECT * FROM read_json(${sqlPath(segmentsNdjson)}, format = 'newline_delimited', columns = ${MEMBER_SEGMENT_COLUMNS})
),
flagged AS (
  SELECT *,
    CASE WHEN seg_no > 0
          AND party IS NOT DISTINCT FROM lag(party) OVER w
          AND state IS NOT DISTINCT FROM lag(state) OVER w
          AND district IS NOT DISTINCT FROM lag(district) OVER w
         THEN 0 ELSE 1 END AS starts_version
  FROM segments
  WINDOW w AS (PARTITION BY bioguide_id ORDER BY seg_no)
),
numbered AS (
  SELECT *, sum(starts_version) OVER (PARTITION BY bioguide_id ORDER BY seg_no ROWS UNBOUNDED PRECEDING) AS version_no
  FROM flagged
),
versions AS (
  SELECT bioguide_id, version_no,
    any_value(full_name) AS full_name, any_value(party) AS party, any_value(state) AS state, any_value(district) AS district,
    min(seg_start) AS valid_from
  FROM numbered
  GROUP BY bioguide_id, version_no
),
service_end AS (
  SELECT bioguide_id, max(seg_end) AS last_end FROM segments GROUP BY bioguide_id
),
dated AS (
  SELECT v.*, lead(v.valid_from) OVER (PARTITION BY v.bioguide_id ORDER BY v.valid_from) AS next_from, e.last_end
  FROM versions v JOIN service_end e USING (bioguide_id)
)
SELECT
  ${memberKey} AS member_key,
  bioguide_id,
  full_name,
  party,
  state,
  district::INTEGER AS district,
  valid_from::DATE AS valid_from,
  CASE
    WHEN next_from IS NOT NULL THEN (next_from - INTERVAL 1 DAY)::DATE
    WHEN last_end < $ingest_date::DATE THEN last_end
    ELSE DATE '9999-12-31'
  END AS valid_to,
  (next_from IS NULL AND last_end >= $ingest_date::DATE) AS is_current
FROM dated
ORDER BY bioguide_id, valid_from`;
}
