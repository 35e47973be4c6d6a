import { translateAwsError } from '../errors/translate-aws-error.js';
import { CallBudgetSpent } from './call-budget.js';
import type { AwsService } from './aws-options.js';

/** Runs one SDK call; whatever it throws leaves as our typed error (the one translation point). */
export async function awsCall<T>(service: AwsService, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // The work's own budget, not AWS's answer: it reaches the work untranslated.
    if (error instanceof CallBudgetSpent) throw error;
    throw translateAwsError(error, { service, operation });
  }
}

/** The AWS error code behind a translated error, if any. */
export function awsCodeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'awsCode' in error ? String((error as { awsCode: unknown }).awsCode) : undefined;
}
