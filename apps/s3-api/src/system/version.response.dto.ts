export class VersionResponseDto {
  /**
   * Package version.
   * @example "1.0.0"
   */
  version!: string;
  /**
   * Git commit the server was built from.
   * @example "3f9c2d41a0b6e8f7c5d4b3a2918f7e6d5c4b3a29"
   */
  gitHash!: string;
  /**
   * When the server was built (ISO-8601 UTC).
   * @example "2026-11-24T07:00:00.000Z"
   */
  buildStamp!: string;
}
