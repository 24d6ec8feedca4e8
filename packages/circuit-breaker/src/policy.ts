import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ExponentialBackoff, fullJitterGenerator, handleWhen, retry, TaskCancelledError, timeout, TimeoutStrategy, wrap } from 'cockatiel';
import { z } from 'zod';
import { BreakerOpenError } from './errors';
import { type BreakerRecord, type BreakerState, BreakerStore } from './store';

const settingsSchema = z.object({
  breakerId: z.string().min(1),
  table: z.string().min(1),
  failureThreshold: z.number().int().min(1),
  halfOpenAfterMs: z.number().int().min(0),
  timeoutMs: z.number().int().min(1),
  retry: z.object({
    /** Attempts in all, the first included (as the AWS SDK counts them): 1 = no retry. */
    maxAttempts: z.number().int().min(1),
    initialDelayMs: z.number().int().min(0),
    maxDelayMs: z.number().int().min(0),
  }),
  probeLeaseMs: z.number().int().min(1).optional(),
});

export interface ResiliencePolicyOptions extends z.input<typeof settingsSchema> {
  client: DynamoDBClient;
  /**
   * Which errors mean the dependency is failing: those are retried and counted by the breaker. Default: every
   * error. Any other error (a validation error, ExecutionAlreadyExists) is rethrown at once and counts as the
   * dependency having answered. Timeouts always count.
   */
  isFailure?: (error: unknown) => boolean;
  /** The clock (tests inject one to pass the cool-down). */
  now?: () => Date;
  /**
   * Told when reading or writing the breaker's own state in DynamoDB fails (operation: read, claim-probe,
   * record-success, record-failure). The call itself still runs or reports as it would: see README. Default: one
   * JSON line on stderr.
   */
  onStateError?: (error: unknown, operation: string) => void;
}

export interface CallContext {
  /** Aborted when the attempt times out: pass it on (e.g. `client.send(cmd, { abortSignal: signal })`). */
  signal: AbortSignal;
  /** 0 for the first attempt. */
  attempt: number;
}

export interface ResiliencePolicy {
  /** Run `fn` through the breaker, then retry (exponential backoff, full jitter) around a per-attempt timeout. */
  execute<T>(fn: (context: CallContext) => Promise<T>): Promise<T>;
  /** The breaker's state as stored (a consistent read). */
  state(): Promise<BreakerState>;
}

/** What the breaker let through, so the outcome is written to the right transition. */
type Admission = { kind: 'closed'; failures: number } | { kind: 'probe'; version: number } | { kind: 'state-unavailable' };

export function createResiliencePolicy(options: ResiliencePolicyOptions): ResiliencePolicy {
  const settings = settingsSchema.parse(options);
  const store = new BreakerStore(options.client, settings.table, settings.breakerId);
  const now = options.now ?? (() => new Date());
  const isFailure = (error: unknown) => error instanceof TaskCancelledError || (options.isFailure ?? (() => true))(error);
  const report = options.onStateError ?? defaultStateErrorReporter(settings.breakerId);
  const { maxAttempts, initialDelayMs, maxDelayMs } = settings.retry;
  // A probe still unreported after the longest a call can take (every attempt timing out, every backoff at its
  // cap) came from a container that died mid-call; another may then take the probe over.
  const probeLeaseMs = settings.probeLeaseMs ?? maxAttempts * settings.timeoutMs + (maxAttempts - 1) * maxDelayMs + 1000;

  const inner = wrap(
    // cockatiel's maxAttempts counts retries after the first call.
    retry(handleWhen(isFailure), {
      maxAttempts: maxAttempts - 1,
      backoff: new ExponentialBackoff({ generator: fullJitterGenerator, initialDelay: initialDelayMs, maxDelay: maxDelayMs }),
    }),
    timeout(settings.timeoutMs, TimeoutStrategy.Aggressive),
  );

  async function admit(): Promise<Admission> {
    let record: BreakerRecord;
    try {
      record = await store.read();
    } catch (err) {
      // Fail open: without its state the breaker cannot know the dependency is down, so the call runs with
      // retry + timeout only (and a failure is still counted if the write works).
      report(err, 'read');
      return { kind: 'state-unavailable' };
    }
    if (record.state === 'closed') return { kind: 'closed', failures: record.failures };
    const at = now();
    if (record.state === 'open') {
      const waited = record.openedAt ? at.getTime() - record.openedAt.getTime() : Number.POSITIVE_INFINITY;
      if (waited < settings.halfOpenAfterMs) throw new BreakerOpenError(settings.breakerId, 'open', settings.halfOpenAfterMs - waited);
    } else {
      const probing = record.probeStartedAt ? at.getTime() - record.probeStartedAt.getTime() : Number.POSITIVE_INFINITY;
      if (probing < probeLeaseMs) throw new BreakerOpenError(settings.breakerId, 'half_open', 0);
    }
    let version: number | null;
    try {
      version = await store.claimProbe(record, at);
    } catch (err) {
      // The dependency was failing when the breaker opened; without the claim, do not send it traffic.
      report(err, 'claim-probe');
      throw new BreakerOpenError(settings.breakerId, 'open', 0);
    }
    if (version === null) throw new BreakerOpenError(settings.breakerId, 'half_open', 0);
    return { kind: 'probe', version };
  }

  /** Write the outcome; a failure to write is reported, never thrown over the call's own result. */
  async function record(admission: Admission, failed: boolean): Promise<void> {
    const at = now();
    try {
      if (admission.kind === 'probe') {
        await (failed ? store.reopenAfterProbe(admission.version, at) : store.closeAfterProbe(admission.version, at));
      } else if (failed) {
        await store.recordClosedFailure(settings.failureThreshold, at);
      } else if (admission.kind === 'closed' && admission.failures > 0) {
        await store.resetFailures(at);
      }
    } catch (err) {
      report(err, failed ? 'record-failure' : 'record-success');
    }
  }

  return {
    async execute<T>(fn: (context: CallContext) => Promise<T>): Promise<T> {
      const admission = await admit();
      let value: T;
      try {
        value = await inner.execute((context) => fn({ signal: context.signal, attempt: context.attempt }));
      } catch (err) {
        await record(admission, isFailure(err));
        throw err;
      }
      await record(admission, false);
      return value;
    },
    async state() {
      return (await store.read()).state;
    },
  };
}

function defaultStateErrorReporter(breakerId: string) {
  return (error: unknown, operation: string) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.warn(JSON.stringify({ level: 'WARN', message: 'circuit breaker state unavailable in DynamoDB', breakerId, operation, error: reason }));
  };
}
