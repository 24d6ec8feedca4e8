/**
 * DuckDB cannot bind a file path or identifier as a prepared-statement parameter in
 * read_parquet()/COPY TO, so paths are quoted as string literals here, after validation.
 * Only paths the platform built itself (lake roots + medallion layout) should reach this.
 */
const SAFE_PATH = /^[A-Za-z0-9_\-./=*:\\ ]+$/;

export function sqlPath(path: string): string {
  if (!SAFE_PATH.test(path)) throw new Error(`unsafe path for SQL: ${JSON.stringify(path)}`);
  return `'${path.replace(/'/g, "''")}'`;
}

const SAFE_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
export function sqlIdent(name: string): string {
  if (!SAFE_IDENT.test(name)) throw new Error(`unsafe SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
