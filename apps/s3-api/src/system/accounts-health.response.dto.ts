export class AccountReachabilityDto {
  /** @example "sandbox" */
  Account!: string;
  /** @example "111111111111" */
  Id!: string;
  /** Whether the account's credentials resolve through STS (checked at most once a minute). */
  Reachable!: boolean;
  /**
   * Why not, when it is not.
   * @example "AccessDenied: User is not authorized to perform sts:AssumeRole"
   */
  Error?: string;
}

export class AccountsHealthResponseDto {
  /** Every account this token may use. */
  Accounts!: AccountReachabilityDto[];
}
