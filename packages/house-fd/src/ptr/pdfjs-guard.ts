/**
 * pdf.js (bundled by unpdf, running its "fake worker" in-process on Node) rejects internal
 * promises nobody listens to when a page of a damaged PDF fails to parse: the caller gets its
 * own, catchable rejection, and Node additionally sees an unhandled rejection that kills the
 * process (and a Lambda invocation) — see officeParser#52 for the same effect. While a parse
 * runs, such stray pdf.js errors are absorbed; anything else is rethrown as Node would.
 */
const PDFJS_ERRORS = new Set([
  'FormatError',
  'InvalidPDFException',
  'UnknownErrorException',
  'XRefParseException',
  'XRefEntryException',
  'MissingDataException',
  'PasswordException',
  'ResponseException',
  'AbortException',
  'UnexpectedResponseException',
]);

let active = 0;

function absorb(reason: unknown): void {
  const name = (reason as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && PDFJS_ERRORS.has(name)) return;
  // Not pdf.js: if nobody else handles unhandled rejections, fail the way Node would have.
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

/** Run `work` with stray pdf.js rejections absorbed, until a macrotask after it settles. */
export async function withPdfjsGuard<T>(work: () => Promise<T>): Promise<T> {
  if (active++ === 0) process.on('unhandledRejection', absorb);
  try {
    return await work();
  } finally {
    // Node reports unhandled rejections after the microtask queue drains: wait one timer turn.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (--active === 0) process.off('unhandledRejection', absorb);
  }
}
