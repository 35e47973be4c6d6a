/**
 * S3's general purpose bucket naming rules, checked before any AWS call so a client learns every
 * problem at once instead of one AWS error at a time.
 */
export function bucketNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push('must be 3 to 63 characters long');
  if (!/^[a-z0-9.-]*$/.test(name)) problems.push('may contain only lowercase letters, digits, dots and hyphens');
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) problems.push('must begin and end with a letter or digit');
  if (name.includes('..')) problems.push('must not contain two adjacent dots');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push('must not be formatted as an IP address');
  if (name.startsWith('xn--') || name.startsWith('sthree-') || name.startsWith('amzn-s3-demo-'))
    problems.push('must not start with a reserved prefix (xn--, sthree-, amzn-s3-demo-)');
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name))
    problems.push('must not end with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)');
  return problems;
}

/** The same rules as a class-validator pattern, for the OpenAPI schema. */
export const BUCKET_NAME_PATTERN =
  '^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\\.\\.)(?!\\d{1,3}(\\.\\d{1,3}){3}$)(?!.*(-s3alias|--ol-s3|\\.mrap|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
