/**
 * The breaker refused the call without running it: open (the cool-down is not over) or half-open (another
 * container holds the one probe). Callers treat it as "try later" — e.g. return the SQS records to the queue.
 */
export class BreakerOpenError extends Error {
  override name = 'BreakerOpen';
  constructor(
    readonly breakerId: string,
    readonly state: 'open' | 'half_open',
    /** How long until a call may be let through as the probe (0 when only another container's probe is pending). */
    readonly retryAfterMs: number,
  ) {
    super(
      state === 'open'
        ? `circuit breaker ${breakerId} is open: failing fast for another ${Math.ceil(retryAfterMs / 1000)} s`
        : `circuit breaker ${breakerId} is half-open: another caller is probing, failing fast until it reports`,
    );
  }
}
