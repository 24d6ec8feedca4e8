/** A conformance case: one SodaCL document of a soda-core v3 test and the outcomes Soda gives. */
export type Area =
  | 'formats'
  | 'filters'
  | 'reference'
  | 'variables'
  | 'numeric-text'
  | 'schema'
  | 'missing-invalid'
  | 'for-each'
  | 'freshness'
  | 'user-defined'
  | 'core';

/** Soda's outcome of one check; 'none' = not evaluated (no outcome, an error log). */
export type SodaOutcome = 'pass' | 'warn' | 'fail' | 'none';

export interface ConformanceCase {
  /** `<file under soda/core/tests/data_source/>::<test function>[ parameter]` on soda-core branch v3. */
  id: string;
  area: Area;
  /** The test's SodaCL with its table names replaced by the conformance tables'. */
  checks: string;
  /** `scan.add_variables(…)` of the test. */
  vars?: Record<string, string>;
  /** Outcome per check, in the order of the checks in the document (for each dataset: expanded order). */
  expect: SodaOutcome[];
  /** Check values the test asserts (same order; undefined = not asserted). */
  values?: (number | undefined)[];
}
