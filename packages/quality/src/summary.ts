/** The terminal summary (`lake quality scan` without --json), worded like Soda Core's scan log. */
import type { CheckResult, ScanResult } from './results';

const LABEL: Record<string, string> = { pass: 'PASS ', warn: 'WARN ', fail: 'FAIL ', error: 'ERROR', null: 'SKIP ' };

function describeValue(c: CheckResult): string {
  const v = c.diagnostics.value;
  if (c.kind === 'freshness' && typeof c.diagnostics.freshness === 'string')
    return `freshness ${c.diagnostics.freshness} (max ${c.diagnostics.maxColumnTimestamp})`;
  if (c.kind === 'schema') {
    const parts = [
      'schema_missing_column_names',
      'schema_present_column_names',
      'schema_column_type_mismatches',
      'schema_column_index_mismatches',
      'schema_changes',
    ]
      .filter((k) => c.diagnostics[k] !== undefined)
      .map((k) => `${k.replace('schema_', '')}: ${JSON.stringify(c.diagnostics[k])}`);
    return parts.join('; ');
  }
  if (c.outcome === 'error' || c.outcome === null) return c.outcomeReasons.map((r) => r.message).join('; ');
  return v === null ? '' : `value ${Number.isInteger(v) ? v : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export function formatSummary(result: ScanResult, options: { samples?: number; width?: number } = {}): string {
  const sampleRows = options.samples ?? 3;
  const lines: string[] = [`Scan of ${result.defaultDataSource} at ${result.dataTimestamp} (run ${result.runTs})`];
  for (const c of result.checks) {
    const where = [c.table, c.filter ? `[${c.filter}]` : ''].filter(Boolean).join(' ') || '(data source)';
    lines.push(`  ${LABEL[String(c.outcome)]} ${where.padEnd(24)} ${c.name}${describeValue(c) ? `  →  ${describeValue(c)}` : ''}`);
    const sample = c.diagnostics.failedRows;
    if (sample && sampleRows > 0) {
      lines.push(`         failed rows: ${sample.totalRowCount} (showing ${Math.min(sampleRows, sample.storedRowCount)} of ${sample.storedRowCount} sampled)`);
      for (const row of sample.rows.slice(0, sampleRows)) lines.push(`           ${JSON.stringify(row)}`);
    }
  }
  const checkErrors = (message: string) => result.checks.some((c) => message.startsWith(`${c.name}:`));
  for (const l of result.logs.filter((x) => x.level === 'error' && !checkErrors(x.message))) {
    lines.push(`  ERROR ${l.location ? `${l.location.filePath}:${l.location.line} ` : ''}${l.message}`);
  }
  const scans = Object.entries(result.scans.metricStatementsPerDataset)
    .map(([d, n]) => `${d}=${n}`)
    .join(', ');
  lines.push(`Metric scans per dataset: ${scans || 'none'}; ${result.scans.totalQueries} SQL statements in total.`);
  const { pass, warn, fail, error, notEvaluated } = result.counts;
  const errors = Math.max(error, result.logs.filter((l) => l.level === 'error').length);
  if (notEvaluated) lines.push(`${notEvaluated} checks not evaluated.`);
  if (result.exitCode === 0)
    lines.push(
      notEvaluated
        ? 'Apart from the checks that have not been evaluated, no failures, no warnings and no errors.'
        : 'All is good. No failures. No warnings. No errors.',
    );
  else if (result.exitCode === 3)
    lines.push(
      `Oops! ${errors} error${errors === 1 ? '' : 's'}. ${fail} failure${fail === 1 ? '' : 's'}. ${warn} warning${warn === 1 ? '' : 's'}. ${pass} pass.`,
    );
  else if (result.exitCode === 2)
    lines.push(`Oops! ${fail} failure${fail === 1 ? '' : 's'}. ${warn} warning${warn === 1 ? '' : 's'}. ${errors} errors. ${pass} pass.`);
  else lines.push(`Only ${warn} warning${warn === 1 ? '' : 's'}. ${fail} failures. ${errors} errors. ${pass} pass.`);
  return lines.join('\n');
}
