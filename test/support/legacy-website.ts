import { AwsAccountProvider, CloudFrontGateway, S3Gateway, websitePublicReadPolicy } from '#aws';
import type { TestApp, TestResponse } from './test-app.js';

/**
 * Takes a website made by today's create (`created`, the create's answer) back to the shape websites
 * had before origin access controls, as the root of the account: the distribution reads the bucket's
 * website endpoint, the bucket is public (Block Public Access relaxed, a policy for "*"), no function.
 */
export async function toLegacyShape(t: TestApp, name: string, created: TestResponse): Promise<void> {
  const account = t.app.get(AwsAccountProvider).resolve('sandbox');
  const cloudFront = t.root(CloudFrontGateway);
  const id = created.body.Distribution.Id as string;
  const fn = (created.body.Distribution.DistributionConfig.DefaultCacheBehavior.FunctionAssociations.Items[0].FunctionARN as string).split('/').pop()!;
  await cloudFront.setWebsiteOrigin(account, id, { kind: 'website-endpoint', domain: `${name}.s3-website-us-east-1.amazonaws.com` });
  await cloudFront.deleteFunction(account, fn, (await cloudFront.describeFunction(account, fn))!.ETag);
  await t
    .root(S3Gateway)
    .putPublicAccessBlock(account, name, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });
  t.sandbox.setBucketPolicy(account.id, name, websitePublicReadPolicy(name));
}
