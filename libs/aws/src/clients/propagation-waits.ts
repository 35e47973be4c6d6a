import { Inject, Injectable, Logger } from '@nestjs/common';
import { awsCodeOf } from './aws-call.js';
import { AWS_OPTIONS, type AwsModuleOptions } from './aws-options.js';

/** Settles when `sleep` does or `stop` is aborted, whichever comes first; no listener stays on `stop`. */
function sleepUnless(sleep: Promise<void>, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stop.removeEventListener('abort', done);
      resolve();
    };
    stop.addEventListener('abort', done);
    void sleep.then(done);
  });
}

/** Waits between attempts: 100 ms doubling, at most 2 s each. */
const delayBefore = (attempt: number): number => Math.min(100 * 2 ** (attempt - 1), 2_000);

/**
 * How long the service waits in all for one change to propagate. AWS names no bound; its changes
 * usually show within a second or two, and this stays well inside a request's budget.
 */
export const PROPAGATION_BUDGET_MS = 10_000;

/**
 * Bounded, logged waits for what AWS has not propagated yet (AWS is eventually consistent). Never a
 * blanket retry: each caller names the answer that means "not yet" for the one call it makes, and
 * waits only when AWS gives it. In sandbox mode the waits pass on the sandbox's clock, so tests on a
 * clock that only they move finish at once.
 */
@Injectable()
export class PropagationWaits {
  private readonly logger = new Logger('AwsPropagation');
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(@Inject(AWS_OPTIONS) options: Pick<AwsModuleOptions, 'sandbox'>) {
    const { sandbox } = options;
    this.sleep = sandbox ? (ms) => sandbox.sleep(ms) : (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Repeats `call` while it fails with an answer `notYet` recognizes; past the budget, that answer is thrown. */
  async retry<T>(what: string, notYet: (error: unknown) => boolean, call: () => Promise<T>): Promise<T> {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!notYet(error)) throw error;
        waited = await this.wait(what, attempt, waited, awsCodeOf(error));
        if (waited < 0) throw error;
      }
    }
  }

  /**
   * Reads until `seen` holds for the answer; past the budget, or once `stop` is aborted (the caller no
   * longer needs the change: it failed for another reason), the last answer is returned as it is.
   */
  async until<T>(what: string, read: () => Promise<T>, seen: (answer: T) => boolean, stop?: AbortSignal): Promise<T> {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const answer = await read();
      if (seen(answer) || stop?.aborted) return answer;
      waited = await this.wait(what, attempt, waited, undefined, stop);
      if (waited < 0 || stop?.aborted) return answer;
    }
  }

  /** Waits before the next attempt and returns the time waited so far, or -1 when the budget is spent. */
  private async wait(what: string, attempt: number, waited: number, awsCode: string | undefined, stop?: AbortSignal): Promise<number> {
    const delay = delayBefore(attempt);
    if (waited + delay > PROPAGATION_BUDGET_MS) {
      this.logger.warn({ what, awsCode, waitedMs: waited }, 'AWS did not show the change in time; going on without it');
      return -1;
    }
    this.logger.log({ what, awsCode, attempt, delayMs: delay }, 'waiting for AWS to propagate a change');
    await (stop ? sleepUnless(this.sleep(delay), stop) : this.sleep(delay));
    return waited + delay;
  }
}
