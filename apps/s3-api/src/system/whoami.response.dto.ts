export class UsableAccountDto {
  /** @example "sandbox" */
  Account!: string;
  /** @example "111111111111" */
  Id!: string;
  /** Where a bucket goes when the request names no region. @example "us-east-1" */
  Region!: string;
  /** The regions a bucket of this account may be created in. @example ["us-east-1"] */
  AllowedRegions!: string[];
  /** The domains this account's websites may be created under (`<label>.<domain>`). @example ["sites.example.com"] */
  Domains!: string[];
}

export class WhoamiResponseDto {
  /** The name of the token that authenticated the request (never the token itself). @example "sandbox" */
  Token!: string;
  /** Every account this token may use, in configuration order. */
  Accounts!: UsableAccountDto[];
}
