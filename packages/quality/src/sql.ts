import { sqlIdent } from '@medallion/duck';
import type { SqlText } from './types';

type Value = string | number | boolean;

/**
 * Parameters of one SQL statement. Values from checks files (valid values, regexes, bounds)
 * become `$pN`; variables inside SQL fragments arrive as `$v_NAME` (see variables.ts).
 * DuckDB rejects unused parameters, so a bag is built per statement.
 */
export class ParamBag {
  readonly values: Record<string, Value> = {};
  private next = 0;

  add(value: Value): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  }

  /**
   * Take a fragment written in a checks file (checked to be one expression, see fragments.ts),
   * keeping its variable parameters. The newline ends a trailing `-- comment` inside the fragment.
   */
  use(fragment: SqlText): string {
    Object.assign(this.values, fragment.params);
    return `${fragment.sql}\n`;
  }
}

export const ident = sqlIdent;

/** Conditions joined with AND, each parenthesised; undefined entries are skipped. */
export function and(...conditions: (string | undefined)[]): string | undefined {
  const present = conditions.filter((c): c is string => Boolean(c?.trim()));
  if (present.length === 0) return undefined;
  return present.map((c) => `(${c})`).join(' AND ');
}
