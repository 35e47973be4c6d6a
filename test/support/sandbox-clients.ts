import { GetGroupCommand, GetPolicyCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { type AwsSandbox, createSandboxClients } from '#aws-sandbox';

/** Real SDK clients on the sandbox, and the existence checks tests use to inspect AWS state. */
export function sandboxClients(sandbox: AwsSandbox, accountId = '111111111111') {
  const { s3, iam, cloudfront } = createSandboxClients(sandbox, accountId);
  const exists = (p: Promise<unknown>): Promise<boolean> =>
    p.then(
      () => true,
      () => false,
    );
  return {
    s3,
    iam,
    cloudfront,
    bucketExists: (bucket: string) => exists(s3.send(new HeadBucketCommand({ Bucket: bucket }))),
    groupExists: (group: string) => exists(iam.send(new GetGroupCommand({ GroupName: group }))),
    userExists: (user: string) => exists(iam.send(new GetUserCommand({ UserName: user }))),
    policyExists: (bucket: string, policy: string) =>
      exists(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${accountId}:policy/s3-api/${bucket}/${policy}` }))),
  };
}
