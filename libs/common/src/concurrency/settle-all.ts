/**
 * Runs independent work concurrently and waits for every part to settle before reporting the first
 * failure: nothing is still running when the caller answers or starts to compensate.
 */
export async function settleAll<T extends readonly unknown[]>(runs: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(runs as readonly Promise<unknown>[]);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
