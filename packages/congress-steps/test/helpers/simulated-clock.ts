import type { Clock } from '../../src/clock';

/**
 * A discrete-event clock shared by concurrent fetchers in one process. Time stands still while any
 * participant is working (awaiting I/O); when every participant is asleep, it jumps to the earliest
 * wake-up. So a six-hour backfill runs in seconds, and a request's arrival time equals the time
 * its token was taken.
 */
export class SimulatedClock implements Clock {
  private t: number;
  private active = 0;
  private waiters: { at: number; wake: () => void }[] = [];

  constructor(start: Date) {
    this.t = start.getTime();
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      this.waiters.push({ at: this.t + Math.max(0, ms), wake });
      this.advanceIfIdle();
    });
  }

  /** Run tasks as the participants (each one sequential inside); settles like Promise.allSettled. */
  async run<T>(tasks: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
    this.active += tasks.length;
    return Promise.allSettled(
      tasks.map(async (task) => {
        try {
          return await task();
        } finally {
          this.active--;
          this.advanceIfIdle();
        }
      }),
    );
  }

  private advanceIfIdle(): void {
    if (this.waiters.length === 0 || this.waiters.length < this.active) return;
    this.waiters.sort((a, b) => a.at - b.at);
    const next = this.waiters.shift()!;
    this.t = Math.max(this.t, next.at);
    next.wake();
  }
}

/** The most requests seen in any sliding window of `windowMs` (timestamps in any order). */
export function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let lo = 0, hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi] - sorted[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
