/**
 * "Name: message" for an error Step Functions reports as { Error, Cause }. A Lambda error's
 * Cause is the JSON the runtime wrote ({ errorType, errorMessage, … }); a Catch's ResultPath
 * object nests the same pair; the generic name "Error" gives way to the real type when known.
 */
type Obj = Record<string, unknown>;

function parseCause(cause: unknown): unknown {
  if (typeof cause !== 'string') return cause;
  try {
    return JSON.parse(cause) as unknown;
  } catch {
    return cause;
  }
}

export function describeFailure(detail: unknown): string {
  if (detail === undefined || detail === null) return 'unknown error';
  if (typeof detail === 'string') return detail;
  const d = detail as Obj;
  if (typeof d.errorMessage === 'string' || typeof d.errorType === 'string') {
    return [d.errorType, d.errorMessage].filter((x) => typeof x === 'string' && x).join(': ');
  }
  const name = typeof (d.Error ?? d.error) === 'string' ? String(d.Error ?? d.error) : undefined;
  const cause = parseCause(d.Cause ?? d.cause);
  if (cause && typeof cause === 'object') {
    const inner = describeFailure(cause);
    const innerName = /^[\w.]+(?=: )/.exec(inner)?.[0];
    if (!name || name === 'Error' || name === innerName) return inner;
    return `${name}: ${inner}`;
  }
  if (typeof cause === 'string' && cause) return name ? `${name}: ${cause}` : cause;
  return name ?? JSON.stringify(detail);
}
