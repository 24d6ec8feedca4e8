/**
 * Which metrics each check needs, deduplicated per dataset (Soda's resolve_metric): ten checks
 * on one dataset that need row_count share one aggregate in the dataset's single statement.
 */
import { compileMetric, DERIVED_PERCENT, metricIdentity, type CompiledMetric, type MetricRequest } from './metrics';
import { mergeMissingAndValid } from './missing-valid';
import { ParamBag } from './sql';
import type { CheckCfg, ParsedChecks } from './types';

export interface PlannedCheck {
  check: CheckCfg;
  /** Role → metric identity, e.g. { value: …, row_count: … } for missing_percent. */
  metrics: Record<string, string>;
  error?: string;
}

export interface DatasetPlan {
  metrics: CompiledMetric[];
  params: ParamBag;
}

export interface Plan {
  checks: PlannedCheck[];
  datasets: Map<string, DatasetPlan>;
}

/** `rejected`: checks whose SQL may not run (fragments.ts) → why; they are planned as errors. */
export function planChecks(parsed: ParsedChecks, rejected: Map<CheckCfg, string> = new Map()): Plan {
  const datasets = new Map<string, DatasetPlan>();
  const add = (r: MetricRequest): string => {
    let ds = datasets.get(r.dataset);
    if (!ds) datasets.set(r.dataset, (ds = { metrics: [], params: new ParamBag() }));
    const compiled = compileMetric(r, ds.params);
    if (!ds.metrics.some((m) => m.identity === compiled.identity)) ds.metrics.push(compiled);
    return compiled.identity;
  };

  const checks = parsed.checks.map((check): PlannedCheck => {
    const planned: PlannedCheck = { check, metrics: {} };
    if (rejected.has(check)) return { ...planned, error: rejected.get(check) };
    try {
      const partition = check.partition !== undefined ? resolvePartition(parsed, check.table!, check.partition) : undefined;
      const table = check.table;
      switch (check.kind) {
        case 'metric': {
          if (check.query) {
            if (check.change || check.anomaly)
              throw new Error('change/anomaly checks on a "<metric> query:" metric are not supported; use "<metric> expression:"');
            break; // user-defined metric query: its own statement
          }
          if (!table) throw new Error(`metric "${check.metric}" needs a dataset (put it under "checks for <dataset>", or give it a "${check.metric} query:")`);
          const mv = check.column ? mergeMissingAndValid(check.missingAndValid, parsed.columnConfigurations[table]?.[check.column]) : check.missingAndValid;
          const base = { dataset: table, partition, filter: check.filter };
          const counted = DERIVED_PERCENT[check.metric];
          if (counted) {
            planned.metrics.value = add({ ...base, metric: counted, column: check.column, args: check.args, missingAndValid: mv });
            planned.metrics.row_count = add({ ...base, metric: 'row_count' });
            // The percentage itself is stored under its own identity so history checks compare percentages.
            planned.metrics.derived = metricIdentity({ ...base, metric: check.metric, column: check.column, args: check.args, missingAndValid: mv });
          } else {
            planned.metrics.value = add({
              ...base,
              metric: check.metric,
              column: check.column,
              args: check.args,
              missingAndValid: mv,
              expression: check.expression,
            });
          }
          break;
        }
        case 'freshness':
          planned.metrics.value = add({ dataset: table!, partition, filter: check.filter, metric: 'freshness', column: check.column });
          break;
        case 'failed_rows':
          if (check.condition) {
            if (!table) throw new Error('"fail condition" needs a dataset: put the check under "checks for <dataset>"');
            planned.metrics.value = add({ dataset: table, partition, metric: 'failed_rows', condition: check.condition });
          }
          break;
        case 'row_count_comparison': {
          const other = check.otherPartition !== undefined ? resolvePartition(parsed, check.otherTable, check.otherPartition) : undefined;
          planned.metrics.value = add({ dataset: table!, partition, metric: 'row_count' });
          planned.metrics.other = add({ dataset: check.otherTable, partition: other, metric: 'row_count' });
          break;
        }
        default:
          break; // schema and reference checks run their own queries
      }
    } catch (e) {
      planned.error = (e as Error).message;
    }
    return planned;
  });
  return { checks, datasets };
}

function resolvePartition(parsed: ParsedChecks, table: string, name: string) {
  const where = parsed.partitions[table]?.[name];
  if (!where) throw new Error(`filter not declared: "filter ${table} [${name}]"`);
  return { name, where };
}
