/** The time the sandbox derives CloudFront and Route 53 status transitions from. */
export interface SandboxClock {
  now(): number;
}

export const realClock: SandboxClock = { now: () => Date.now() };

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
}
