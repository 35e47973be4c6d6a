/** What a caller of an SDK client sees of a failed call. */
export interface CaughtAwsError {
  readonly name: string;
  readonly status: number | undefined;
  readonly attempts: number | undefined;
  readonly message: string;
  readonly error: Error;
}

/** Awaits a call that must fail and returns what the caller sees; a success is a failure here. */
export async function awsErrorOf(call: Promise<unknown>): Promise<CaughtAwsError> {
  try {
    await call;
  } catch (thrown) {
    const error = thrown as Error & { $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode, attempts: error.$metadata?.attempts, message: error.message, error };
  }
  throw new Error('expected the AWS call to fail, but it succeeded');
}
