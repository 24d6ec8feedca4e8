/**
 * SQL written in checks files is checked with DuckDB's own parser before anything runs.
 * Fragments (filters, `where:` of named filters, fail conditions, `<metric> expression:`) are
 * pasted into the scan's statements, so each must be exactly ONE expression: `SELECT <fragment>`
 * must parse to one SELECT with one select item and nothing else — no FROM, WHERE, GROUP BY,
 * alias, second statement or a `)` closing the surrounding SQL (`x) TO 'file'; --` once
 * turned a filter into a COPY). Queries (`fail query:`, `<metric> query:`) must be one SELECT
 * statement. A check whose SQL fails this is an `error` outcome and none of its SQL runs.
 *
 * DuckDB's json_serialize_sql parses without binding or executing, and serialises SELECT
 * statements only (anything else is reported as an error), which is exactly the test wanted.
 */
import type { Duck } from '@medallion/duck';
import type { CheckCfg, ParsedChecks, SqlText } from './types';

interface SerializedSelect {
  type: string;
  select_list?: { alias?: string }[];
  from_table?: { type: string };
  where_clause?: unknown;
  group_expressions?: unknown[];
  group_sets?: unknown[];
  having?: unknown;
  qualify?: unknown;
  sample?: unknown;
  modifiers?: unknown[];
  cte_map?: { map?: unknown[] };
}

interface Serialized {
  error: boolean;
  error_message?: string;
  statements?: { node: SerializedSelect }[];
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const shown = (text: string) => (oneLine(text).length > 80 ? `${oneLine(text).slice(0, 77)}…` : oneLine(text));

async function serialize(duck: Duck, sql: string): Promise<Serialized> {
  const json = await duck.scalar<string>('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
  return JSON.parse(json) as Serialized;
}

/** Why `fragment` is not one SQL expression, or undefined when it is. */
export async function expressionProblem(duck: Duck, fragment: string): Promise<string | undefined> {
  if (!fragment.trim()) return 'it is empty';
  const parsed = await serialize(duck, `SELECT ${fragment}\n`);
  if (parsed.error) return parsed.error_message ?? 'DuckDB cannot parse it';
  if (parsed.statements?.length !== 1) return 'it holds more than one statement';
  const n = parsed.statements[0].node;
  if (n.type !== 'SELECT_NODE') return 'it is more than one expression (a set operation)';
  if (n.select_list?.length !== 1) return 'it is a list, not one expression';
  if (n.select_list[0].alias) return `it names an alias ("${n.select_list[0].alias}")`;
  const extra =
    (n.from_table && n.from_table.type !== 'EMPTY') ||
    n.where_clause ||
    n.having ||
    n.qualify ||
    n.sample ||
    n.group_expressions?.length ||
    n.group_sets?.length ||
    n.modifiers?.length ||
    n.cte_map?.map?.length;
  if (extra) return 'it continues past the expression (FROM, WHERE, GROUP BY, ORDER BY, LIMIT …)';
  return undefined;
}

/** Why `query` is not one SELECT statement, or undefined when it is. */
export async function queryProblem(duck: Duck, query: string): Promise<string | undefined> {
  const parsed = await serialize(duck, query);
  if (parsed.error)
    return parsed.error_message === 'Only SELECT statements can be serialized to json!'
      ? 'only a SELECT statement is allowed'
      : (parsed.error_message ?? 'DuckDB cannot parse it');
  if (parsed.statements?.length !== 1) return 'it holds more than one statement';
  return undefined;
}

type Fragment = { what: string; sql: SqlText; kind: 'expression' | 'query' };

function fragmentsOf(check: CheckCfg, parsed: ParsedChecks): Fragment[] {
  const out: Fragment[] = [];
  const partition = (table: string | undefined, name: string | undefined) => {
    const where = table && name !== undefined ? parsed.partitions[table]?.[name] : undefined;
    if (where) out.push({ what: `"where:" of filter ${table} [${name}]`, sql: where, kind: 'expression' });
  };
  partition(check.table, check.partition);
  if (check.kind === 'row_count_comparison') partition(check.otherTable, check.otherPartition);
  if (check.kind === 'metric') {
    if (check.filter) out.push({ what: 'filter', sql: check.filter, kind: 'expression' });
    if (check.expression) out.push({ what: `"${check.metric} expression"`, sql: check.expression, kind: 'expression' });
    if (check.query) out.push({ what: `"${check.metric} query"`, sql: check.query, kind: 'query' });
  }
  if (check.kind === 'failed_rows') {
    if (check.condition) out.push({ what: '"fail condition"', sql: check.condition, kind: 'expression' });
    if (check.query) out.push({ what: '"fail query"', sql: check.query, kind: 'query' });
  }
  return out;
}

/** Checks whose SQL is not one expression / one SELECT → the reason; nothing of theirs may run. */
export async function rejectUnsafeSql(duck: Duck, parsed: ParsedChecks): Promise<Map<CheckCfg, string>> {
  const rejected = new Map<CheckCfg, string>();
  const verdicts = new Map<string, Promise<string | undefined>>();
  const verdict = (f: Fragment) => {
    const key = `${f.kind}\u0000${f.sql.sql}`;
    if (!verdicts.has(key)) verdicts.set(key, f.kind === 'query' ? queryProblem(duck, f.sql.sql) : expressionProblem(duck, f.sql.sql));
    return verdicts.get(key)!;
  };
  for (const check of parsed.checks) {
    for (const f of fragmentsOf(check, parsed)) {
      const problem = await verdict(f);
      if (!problem) continue;
      const expected = f.kind === 'query' ? 'one SELECT statement' : 'one SQL expression';
      rejected.set(check, `${f.what} must be ${expected}, but ${problem}: ${shown(f.sql.sql)} (not run)`);
      break;
    }
  }
  return rejected;
}
