import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { GetGroupCommand, GetPolicyCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AwsSandbox } from '#aws-sandbox';

const credentials = { accessKeyId: 'TEST', secretAccessKey: 'test' };

/** Real SDK clients on the sandbox, for tests that check AWS state directly. */
export function sandboxClients(sandbox: AwsSandbox, accountId = '111111111111') {
  const s3 = new S3Client({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const iam = new IAMClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const cloudfront = new CloudFrontClient({ region: 'us-east-1', credentials, maxAttempts: 1 });
  for (const client of [s3, iam, cloudfront]) client.middlewareStack.use(sandbox.plugin(accountId));
  const exists = (p: Promise<unknown>): Promise<boolean> => p.then(() => true, () => false);
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
