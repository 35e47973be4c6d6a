import { AsyncLocalStorage } from 'node:async_hooks';

/** Thrown instead of making an AWS call once the budget of the work around it is spent. */
export class CallBudgetSpent extends Error {
  constructor() {
    super('the AWS call budget of this work is spent');
    this.name = 'CallBudgetSpent';
  }
}

interface Budget {
  left: number;
  spent: number;
}

const budgets = new AsyncLocalStorage<Budget>();

/**
 * Runs `work` with at most `limit` AWS calls (a call with its retries counts once): every client of
 * the application checks the budget before a call, so code that knows nothing of it (a teardown, a
 * gateway's paginator) is bounded too. Past the budget a call throws CallBudgetSpent.
 */
export async function withCallBudget<T>(limit: number, work: () => Promise<T>): Promise<{ result: T; spent: number }> {
  const budget: Budget = { left: limit, spent: 0 };
  const result = await budgets.run(budget, work);
  return { result, spent: budget.spent };
}

/** The calls left in the budget of the work around the caller (Infinity outside any). */
export function callBudgetLeft(): number {
  return budgets.getStore()?.left ?? Number.POSITIVE_INFINITY;
}

/** @internal Called by the client factory before each AWS call. */
export function chargeCall(): void {
  const budget = budgets.getStore();
  if (!budget) return;
  if (budget.left <= 0) throw new CallBudgetSpent();
  budget.left -= 1;
  budget.spent += 1;
}
