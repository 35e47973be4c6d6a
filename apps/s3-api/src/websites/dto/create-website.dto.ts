import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { TagDto, TagsProperty } from '../../common/dto/tag.dto.js';
import { MAX_WEBSITE_CLIENT_TAGS } from '../website-rules.js';

/** Rejects a value when `other` is set too (S3 accepts only one of the two). */
function NotWith(other: string): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: String(property),
      constraints: [other],
      validator: {
        validate: (value: unknown, args) => value === undefined || (args?.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: (args) => `${args?.property ?? String(property)} and ${other} are mutually exclusive`,
      },
    });
}

export class WebsiteBucketInputDto {
  /**
   * The website's name: one label under a domain configured for the account. It is also the bucket's name.
   * @example "mysite.sites.example.com"
   */
  @IsString()
  @Length(3, 63)
  Bucket!: string;
}

export class IndexDocumentDto {
  /**
   * Appended to requests for a folder (`/docs/` serves `docs/index.html`). No slash.
   * @example "index.html"
   */
  @IsString()
  @Length(1, 1024)
  @Matches(/^[^/]+$/, { message: 'Suffix must not contain a slash' })
  Suffix!: string;
}

export class ErrorDocumentDto {
  /**
   * Object served when an error occurs.
   * @example "error.html"
   */
  @IsString()
  @Length(1, 1024)
  Key!: string;
}

export class RoutingRuleConditionDto {
  /**
   * Apply the rule when S3 would answer this 4xx or 5xx status.
   * @example "404"
   */
  @IsOptional()
  @Matches(/^[45]\d\d$/, { message: 'HttpErrorCodeReturnedEquals must be a 4xx or 5xx status code' })
  HttpErrorCodeReturnedEquals?: string;

  /**
   * Apply the rule to keys starting with this prefix.
   * @example "docs/"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  KeyPrefixEquals?: string;
}

export class RoutingRuleRedirectDto {
  /** @example "www.example.com" */
  @IsOptional()
  @IsString()
  @Length(1, 253)
  HostName?: string;

  /** @example "301" */
  @IsOptional()
  @Matches(/^3\d\d$/, { message: 'HttpRedirectCode must be a 3xx status code' })
  HttpRedirectCode?: string;

  /** @example "https" */
  @IsOptional()
  @IsIn(['http', 'https'])
  Protocol?: 'http' | 'https';

  /** @example "documents/" */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @NotWith('ReplaceKeyWith')
  ReplaceKeyPrefixWith?: string;

  /** @example "error.html" */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @NotWith('ReplaceKeyPrefixWith')
  ReplaceKeyWith?: string;
}

export class RoutingRuleDto {
  /** When the rule applies (at least one condition); every request when absent. */
  @IsOptional()
  @IsNotEmptyObject({ nullable: false }, { message: 'Condition must name at least one condition' })
  @ValidateNested()
  @Type(() => RoutingRuleConditionDto)
  Condition?: RoutingRuleConditionDto;

  /** Where to redirect (at least one field). */
  @IsDefined()
  @IsNotEmptyObject({ nullable: false }, { message: 'Redirect must set at least one field' })
  @ValidateNested()
  @Type(() => RoutingRuleRedirectDto)
  Redirect!: RoutingRuleRedirectDto;
}

/** S3 accepts at most 50 routing rules per website configuration. */
export const MAX_ROUTING_RULES = 50;

export class WebsiteConfigurationDto {
  /** Index document; `index.html` when absent. */
  @IsOptional()
  // An array passes ValidateNested (it validates each of its elements): the value must be an object.
  @IsObject()
  @ValidateNested()
  @Type(() => IndexDocumentDto)
  IndexDocument?: IndexDocumentDto;

  @IsOptional()
  // An array passes ValidateNested (it validates each of its elements): the value must be an object.
  @IsObject()
  @ValidateNested()
  @Type(() => ErrorDocumentDto)
  ErrorDocument?: ErrorDocumentDto;

  @ApiProperty({ type: () => [RoutingRuleDto], required: false, maxItems: MAX_ROUTING_RULES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ROUTING_RULES)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleDto)
  RoutingRules?: RoutingRuleDto[];
}

export class CreateWebsiteDto {
  @IsDefined()
  // An array passes ValidateNested (it validates each of its elements): the value must be an object.
  @IsObject()
  @ValidateNested()
  @Type(() => WebsiteBucketInputDto)
  BucketInput!: WebsiteBucketInputDto;

  @IsOptional()
  @TagsProperty(MAX_WEBSITE_CLIENT_TAGS, `Client tags for the bucket and the distribution (at most ${MAX_WEBSITE_CLIENT_TAGS}; the system tags are added).`)
  Tags?: TagDto[];

  /** The S3 website configuration (index document defaults to `index.html`). */
  @IsOptional()
  // An array passes ValidateNested (it validates each of its elements): the value must be an object.
  @IsObject()
  @ValidateNested()
  @Type(() => WebsiteConfigurationDto)
  WebsiteConfiguration?: WebsiteConfigurationDto;
}
