import { afterRetries, type AwsAccount, IamGateway, type IamPolicy, isNameTaken, PropagationWaits } from '#aws';

/** What CreatePolicy made, or the policy of that name that was already there (null when IAM never showed it). */
type PolicyOutcome = { made: IamPolicy } | { found: IamPolicy | null };

/**
 * CreatePolicy; when IAM answers that the name is taken, the policy of that name, read until IAM shows it: a
 * moment-old policy (a concurrent request's, or a first attempt's whose answer was lost) may not show yet.
 */
export async function createOrFindPolicy(
  iam: IamGateway,
  waits: PropagationWaits,
  account: AwsAccount,
  input: Parameters<IamGateway['createPolicy']>[1],
  arn: string,
): Promise<PolicyOutcome> {
  try {
    return { made: await iam.createPolicy(account, input) };
  } catch (error) {
    if (!isNameTaken(error, 'iam')) throw error;
  }
  return findShown(waits, iam, account, input.name, arn);
}

/** The policy `name` at `arn`, read until IAM shows it (null when it never does within the budget). */
async function findShown(waits: PropagationWaits, iam: IamGateway, account: AwsAccount, name: string, arn: string): Promise<PolicyOutcome> {
  return {
    found: await waits.until(
      `policy ${name} to show in IAM`,
      () => iam.getPolicy(account, arn),
      (p) => p !== null,
    ),
  };
}

/**
 * A claim on a policy name that its holder gives up again (a lock): CreatePolicy, and while IAM answers
 * that the name is taken but no policy of that name shows at `arn`, CreatePolicy again, within the wait
 * budget. IAM policy names are unique in the account whatever their path (IAM API reference,
 * CreatePolicy: PolicyName), so the holder may sit at another path: a claim through another bucket,
 * gone a moment later; reading at this path alone would wait the whole budget for nothing. The holder
 * may as well be at this path and not shown yet: a concurrent claim, or this one's own first attempt
 * whose answer was lost (its tags tell). Once `stop` is aborted nothing more is tried and the last
 * outcome (null when the name was never free and nothing showed) is returned, unless a refusal came
 * after the SDK had sent CreatePolicy more than once: then the policy may be this claim's own, and it
 * is read until IAM shows it, as createOrFindPolicy does.
 */
export async function claimPolicy(
  iam: IamGateway,
  waits: PropagationWaits,
  account: AwsAccount,
  input: Parameters<IamGateway['createPolicy']>[1],
  arn: string,
  stop?: AbortSignal,
): Promise<PolicyOutcome> {
  // Whether a refusal came after an attempt that may have made the policy and lost the answer.
  let mayBeOwn = false;
  const attempt = async (): Promise<PolicyOutcome> => {
    try {
      return { made: await iam.createPolicy(account, input) };
    } catch (error) {
      if (!isNameTaken(error, 'iam')) throw error;
      mayBeOwn ||= afterRetries(error);
    }
    return { found: await iam.getPolicy(account, arn) };
  };
  const outcome = await waits.until(
    `the policy name ${input.name} to be free or its policy to show in IAM`,
    attempt,
    (o) => 'made' in o || o.found !== null,
    stop,
  );
  // Stopped, the claim still reads for a policy it may have made: what it made is its to remove.
  if ('found' in outcome && !outcome.found && mayBeOwn) return findShown(waits, iam, account, input.name, arn);
  return outcome;
}
