import { registerDecorator } from 'class-validator';

/** S3's general purpose bucket naming rules, each with what a client is told when a name breaks it. */
const RULES: readonly { readonly problem: string; readonly holds: (name: string) => boolean }[] = [
  { problem: 'must be 3 to 63 characters long', holds: (name) => name.length >= 3 && name.length <= 63 },
  { problem: 'may contain only lowercase letters, digits, dots and hyphens', holds: (name) => /^[a-z0-9.-]*$/.test(name) },
  { problem: 'must begin and end with a letter or digit', holds: (name) => /^[a-z0-9]/.test(name) && /[a-z0-9]$/.test(name) },
  { problem: 'must not contain two adjacent dots', holds: (name) => !name.includes('..') },
  { problem: 'must not be formatted as an IP address', holds: (name) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(name) },
  {
    problem: 'must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)',
    holds: (name) => !name.startsWith('xn--') && !name.startsWith('sthree-') && !name.startsWith('amzn-s3-demo-'),
  },
  {
    problem: 'must not end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)',
    holds: (name) => !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name),
  },
];

/**
 * S3's general purpose bucket naming rules, checked before any AWS call so a client learns every
 * problem at once instead of one AWS error at a time.
 */
export function bucketNameProblems(name: string): string[] {
  return RULES.filter((rule) => !rule.holds(name)).map((rule) => rule.problem);
}

/**
 * The same rules on a DTO property, one constraint each, so that a bad name is reported together
 * with every other problem of the body (an unknown field included), one detail per broken rule.
 */
export function IsBucketName(): PropertyDecorator {
  return (target, property) =>
    RULES.forEach((rule, index) =>
      registerDecorator({
        name: `bucketName${index}`,
        target: target.constructor,
        propertyName: String(property),
        validator: { validate: (value: unknown) => typeof value !== 'string' || rule.holds(value), defaultMessage: () => rule.problem },
      }),
    );
}

/** The same rules as a class-validator pattern, for the OpenAPI schema. */
export const BUCKET_NAME_PATTERN =
  '^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\\.\\.)(?!\\d{1,3}(\\.\\d{1,3}){3}$)(?!.*(-s3alias|--ol-s3|\\.mrap|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
