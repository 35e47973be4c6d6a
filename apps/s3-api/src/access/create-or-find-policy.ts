import { type AwsAccount, IamGateway, type IamPolicy, isNameTaken, PropagationWaits } from '#aws';

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
  return {
    found: await waits.until(
      `policy ${input.name} to show in IAM`,
      () => iam.getPolicy(account, arn),
      (p) => p !== null,
    ),
  };
}
