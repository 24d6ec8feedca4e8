import type { SqlText } from './types';

/**
 * Soda resolves `${VAR}` with Jinja by pasting text. Pasted text inside SQL is an injection
 * hole when a variable comes from an event, so here variables inside SQL fragments become
 * bound parameters (`$v_NAME`), and only non-SQL text (names, headers, thresholds) is pasted.
 */
const VAR = /\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;
const QUOTED_VAR = /'\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}'/g;

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

/**
 * Turn a SQL fragment into SQL + parameters. `'${X}'` (quoted, as Soda users write it for
 * strings) and bare `${X}` both become `$v_X`; DuckDB casts the VARCHAR value to the type the
 * expression needs (`batch_seq = ${BATCH}` compares as INTEGER).
 */
export function toSqlText(text: string, vars: Record<string, string>): SqlText {
  const params: Record<string, string> = {};
  const bind = (_m: string, name: string) => {
    params[`v_${name}`] = lookup(vars, name);
    return `$v_${name}`;
  };
  const sql = text.replace(QUOTED_VAR, bind).replace(VAR, bind).trim();
  return { sql, params };
}
