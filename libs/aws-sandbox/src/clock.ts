/** The time the sandbox derives status transitions and propagation from, and how waiting on it passes. */
export interface SandboxClock {
  now(): number;
  /** Lets `ms` pass on this clock. */
  sleep(ms: number): Promise<void>;
}

export const realClock: SandboxClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** A clock only the test moves, so "deployed after 60 s" needs no real waiting. */
export class ManualClock implements SandboxClock {
  private current: number;

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock only moves forward');
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }

  /** Waiting moves the clock: code that waits on the sandbox's time finishes at once in real time. */
  async sleep(ms: number): Promise<void> {
    this.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
