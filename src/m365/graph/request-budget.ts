/**
 * A rolling-window request budget: at most `max` requests in any `windowMs`. The message-trace
 * API (and the Get-MessageTraceV2 cmdlets, which share it) allows 100 requests per 5 minutes
 * per tenant (microsoft-365-mail-facts.md section 3.4); waiting before the 101st is cheaper
 * than being throttled. Time and waiting are injected, so tests run without sleeping.
 * @module
 */

export interface Waiter {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realWaiter: Waiter = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The message-trace API's budget: 100 requests per rolling 5 minutes. */
export const MESSAGE_TRACE_BUDGET = { max: 100, windowMs: 5 * 60_000 } as const;

export class RequestBudget {
  private readonly sent: number[] = [];
  /** Total milliseconds spent waiting for the budget. */
  waitedMs = 0;

  constructor(private readonly max: number, private readonly windowMs: number, private readonly waiter: Waiter) {}

  /** Waits until one more request fits in the window, then counts it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.waiter.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
      if (this.sent.length < this.max) {
        this.sent.push(now);
        return;
      }
      const wait = this.sent[0]! + this.windowMs - now;
      this.waitedMs += wait;
      await this.waiter.sleep(wait);
    }
  }
}
