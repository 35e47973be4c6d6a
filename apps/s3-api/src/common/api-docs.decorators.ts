import { type Type } from '@nestjs/common';
import { ApiBody, ApiParam } from '@nestjs/swagger';

/**
 * The names the docs' examples use. They fit together on the sandbox: the website is under the
 * sandbox's domain, the users are those the create examples make, and each example request of the
 * spec answers as documented when sent in order (a test sends every one).
 */
export const EXAMPLE_NAMES = {
  account: 'sandbox',
  bucket: 'foobarbucketname',
  website: 'mysite.sites.example.com',
  bucketUser: 'somebucketuser',
  websiteUser: 'mysite-editor',
  /** A bucket older tooling made in the sandbox account: what adopt is for. */
  legacyBucket: 'legacy-reports-111111111111',
} as const;

/** Said where an answer carrying a new secret key is shown. */
export const SECRET_SHOWN_ONCE =
  '**The answer holds the secret of the new access key (`AccessKey.SecretAccessKey`): this is the only time it is shown. Store it now.**';

export const AccountParam = (): ClassDecorator & MethodDecorator =>
  ApiParam({ name: 'account', description: 'A configured account name or its 12-digit id', example: EXAMPLE_NAMES.account });

export const BucketParam = (example: string = EXAMPLE_NAMES.bucket): ClassDecorator & MethodDecorator =>
  ApiParam({ name: 'bucket', description: "The bucket's name (S3 naming rules)", example });

export const WebsiteParam = (): ClassDecorator & MethodDecorator =>
  ApiParam({
    name: 'website',
    description: "The website's name: one label under a website domain configured for the account (`<label>.<domain>`); its bucket has the same name",
    example: EXAMPLE_NAMES.website,
  });

export const UserParam = (of: 'bucket' | 'website', example: string): MethodDecorator =>
  ApiParam({ name: 'user', description: `An IAM user of this ${of}: a member of one of its groups`, example });

/** The request body's schema and the one example the docs prefill ("Try it out" sends it as it is). */
export const ApiExampleBody = <T>(type: Type<T>, summary: string, value: T): MethodDecorator => ApiBody({ type, examples: { example: { summary, value } } });
