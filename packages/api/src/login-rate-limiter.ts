/**
 * Failed logins per key (an IP, an email) in a sliding window, in memory: one local server, or one Lambda container
 * (Cognito applies its own limits in AWS). A key over the limit is refused until its oldest failure leaves the window.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  isBlocked(keys: readonly string[], nowMs: number): boolean {
    return keys.some((key) => this.recent(key, nowMs).length >= this.maxFailures);
  }

  recordFailure(keys: readonly string[], nowMs: number): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, nowMs), nowMs]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    return (this.failures.get(key) ?? []).filter((at) => at > nowMs - this.windowMs);
  }
}
