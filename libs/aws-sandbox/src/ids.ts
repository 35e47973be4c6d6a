const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Identifiers in AWS's formats. A seeded generator (not crypto) keeps seeding thousands of entities
 * cheap and makes a sandbox's ids reproducible run to run.
 */
export class IdGenerator {
  private state: number;

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0 || 1;
  }

  private next(): number {
    // xorshift32: fast and good enough for unique-looking ids.
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  private chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.next() % alphabet.length];
    return out;
  }

  /** IAM unique ids: AIDA (user), AGPA (group), ANPA (policy), AROA (role), APKA (SSH public key), ACCA (service-specific credential), 21 chars in all. */
  iamId(prefix: 'AIDA' | 'AGPA' | 'ANPA' | 'AROA' | 'APKA' | 'ACCA'): string {
    return prefix + this.chars(UPPER_ALNUM, 17);
  }

  accessKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
    return prefix + this.chars(UPPER_ALNUM, 16);
  }

  /** A signing certificate's id: 24 upper-case letters and digits. */
  certificateId(): string {
    return this.chars(UPPER_ALNUM, 24);
  }

  secret(length = 40): string {
    return this.chars(SECRET, length);
  }

  distributionId(): string {
    return 'E' + this.chars(UPPER_ALNUM, 13);
  }

  /** CloudFront's ids of origin access controls look like its distribution ids. */
  originAccessControlId(): string {
    return 'E' + this.chars(UPPER_ALNUM, 13);
  }

  invalidationId(): string {
    return 'I' + this.chars(UPPER_ALNUM, 25);
  }

  hostedZoneId(): string {
    return 'Z' + this.chars(UPPER_ALNUM, 20);
  }

  changeId(): string {
    return 'C' + this.chars(UPPER_ALNUM, 20);
  }

  etag(): string {
    return 'E' + this.chars(UPPER_ALNUM, 13);
  }

  hex(length: number): string {
    return this.chars('0123456789abcdef', length);
  }

  /** S3 version ids and upload ids: 32 URL-safe characters. */
  s3VersionId(): string {
    return this.chars(UPPER_ALNUM + LOWER_ALNUM.slice(0, 26) + '._', 32);
  }

  lower(length: number): string {
    return this.chars(LOWER_ALNUM, length);
  }
}
