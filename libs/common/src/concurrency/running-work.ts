/** Work under way that a shutdown waits for, whether or not a client still waits for its answer. */
const running = new Set<Promise<unknown>>();

/** Counts `work` as under way until it settles; returns it unchanged. */
export function trackWork<T>(work: Promise<T>): Promise<T> {
  running.add(work);
  const forget = (): void => void running.delete(work);
  work.then(forget, forget);
  return work;
}

/**
 * Waits until no tracked work is under way, or `timeoutMs` has passed; returns how many are still
 * running. Work that starts while it waits (an undo begun by a failing request) is waited for too.
 */
export async function settleRunningWork(timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve();
    }, timeoutMs);
  });
  while (running.size > 0 && !timedOut) await Promise.race([Promise.allSettled([...running]), timeout]);
  clearTimeout(timer);
  return running.size;
}
