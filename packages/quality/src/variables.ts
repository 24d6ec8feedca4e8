import type { SqlText } from './types';

/**
 * Soda resolves `${VAR}` with Jinja by pasting text, everywhere (soda-core v3 test_vars.py,
 * test_table_filter.py, test_user_defined_metric_checks.py). Here:
 * - `'${X}'` (a quoted value, as Soda users write strings, dates and timestamps) becomes a bound
 *   parameter `$v_X`; `DATE '${X}'` / `TIMESTAMP '${X}'` / `TIMESTAMPTZ '${X}'` / `TIME '${X}'`
 *   (typed literals, which take no parameter) become `CAST($v_X AS <type>)`;
 * - a bare `${X}` in SQL is SQL text in Soda (a column, a table, `>= -5`), so it is pasted when
 *   its value is one (dotted) name, one number, or a comparison with a number — what soda-core's
 *   tests put there; any other value (`O'Brien`, `2025-01-02T00:00:00Z`, `1 OR 1=1`) is bound as a
 *   parameter, so it can never become SQL. The fragment is then parsed as ONE expression / ONE
 *   SELECT like any other (fragments.ts);
 * - elsewhere (names, headers, thresholds) values are pasted.
 */
const VAR = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;
const QUOTED_VAR = /'\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}'/g;
const TYPED_VAR = /\b(DATE|TIMESTAMPTZ|TIMESTAMP|TIME)\s+'\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}'/gi;
/** What a bare variable may hold when it is pasted into SQL: a name, a number, `<op> <number>`. */
const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
const PASTABLE = new RegExp(String.raw`^\s*(?:[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|${NUMBER}|(?:<=|>=|<>|!=|=|<|>)\s*${NUMBER})\s*$`);

export class UnknownVariableError extends Error {
  override name = 'UnknownVariableError';
}

function lookup(vars: Record<string, string>, name: string): string {
  const value = vars[name];
  if (value === undefined) throw new UnknownVariableError(`variable \${${name}} is not defined (pass it with --var ${name}=VALUE)`);
  return value;
}

/** Paste variables into plain text (check names, section headers, thresholds). */
export function resolveText(text: string, vars: Record<string, string>): string {
  return text.replace(VAR, (_m, name: string) => lookup(vars, name));
}

/** Turn a SQL fragment into SQL + parameters (see above); `written` keeps the text as written. */
export function toSqlText(text: string, vars: Record<string, string>): SqlText {
  const params: Record<string, string> = {};
  const bind = (name: string) => {
    params[`v_${name}`] = lookup(vars, name);
    return `$v_${name}`;
  };
  const pasteOrBind = (name: string) => {
    const value = lookup(vars, name);
    return PASTABLE.test(value) ? value.trim() : bind(name);
  };
  const sql = text
    .replace(TYPED_VAR, (_m, type: string, name: string) => `CAST(${bind(name)} AS ${type.toUpperCase()})`)
    .replace(QUOTED_VAR, (_m, name: string) => bind(name))
    .replace(VAR, (_m, name: string) => pasteOrBind(name))
    .trim();
  return { sql, params, written: text.trim() };
}
