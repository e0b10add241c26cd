// Per-host politeness: at most `concurrency` requests in flight and at least `minIntervalMs`
// between two request starts, plus a pause window a 429/503 with Retry-After can impose on the host.
// Time comes from an injected clock/sleep so unit tests run without real waiting.

export interface HostPolicy {
  /** Requests in flight at once to this host. */
  concurrency: number;
  /** Minimum milliseconds between the starts of two requests to this host. */
  minIntervalMs: number;
}

/** The host's budget shared with other collectors (the storage port's HostBudgets, bound to one host). */
export interface SharedBudget {
  /** Takes the host's slot if due (0), else resolves with the ms until it is; the next slot is `intervalMs` later. */
  reserve(intervalMs: number): Promise<number>;
  pause(ms: number): Promise<void>;
}

export interface Timing {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
}

export class HostLimiter {
  private active = 0;
  private readonly waiters: Waiter[] = [];
  private nextStartAt = 0;
  private pausedUntil = 0;
  private minIntervalMs: number;
  private readonly concurrency: number;

  constructor(
    policy: HostPolicy,
    private readonly timing: Timing,
    private readonly shared?: SharedBudget,
  ) {
    this.concurrency = Math.max(1, Math.floor(policy.concurrency));
    this.minIntervalMs = Math.max(0, policy.minIntervalMs);
  }

  get interval(): number {
    return this.minIntervalMs;
  }

  /** Raise (never lower) the minimum interval, e.g. for a robots.txt Crawl-delay. */
  raiseMinInterval(ms: number): void {
    if (ms > this.minIntervalMs) this.minIntervalMs = ms;
  }

  /** No request to this host starts before `time` (ms on the injected clock). */
  pauseUntil(time: number): void {
    if (time > this.pausedUntil) this.pausedUntil = time;
    // Best effort: this collector's own pause holds whatever the shared budget does.
    this.shared?.pause(Math.max(0, time - this.timing.now())).catch(() => {});
  }

  /** Wait for a slot and for the host's next start time. Pair every successful call with release(). */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
    } else {
      // release() hands its slot straight to the first waiter, so `active` already counts us.
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject };
        this.waiters.push(waiter);
        signal?.addEventListener(
          'abort',
          () => {
            const i = this.waiters.indexOf(waiter);
            if (i >= 0) {
              this.waiters.splice(i, 1);
              reject(signal.reason);
            }
          },
          { once: true },
        );
      });
    }
    // Reserve the start time synchronously so concurrent acquirers get spaced-out slots.
    const now = this.timing.now();
    const start = Math.max(now, this.nextStartAt, this.pausedUntil);
    this.nextStartAt = start + this.minIntervalMs;
    const wait = start - now;
    try {
      if (wait > 0) await this.timing.sleep(wait, signal);
      if (this.shared && this.minIntervalMs > 0) {
        // Other collectors' requests to this host count too. A budget that cannot be reached (the database is
        // busy or gone) leaves this collector's own spacing, which already held above.
        for (;;) {
          const sharedWait = await this.shared.reserve(this.minIntervalMs).catch(() => 0);
          if (sharedWait <= 0) break;
          await this.timing.sleep(sharedWait, signal);
        }
      }
    } catch (err) {
      this.release();
      throw err;
    }
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.active = Math.max(0, this.active - 1);
  }
}
