import { TagResponseDto } from '../../common/dto/iam.response.dto.js';

export class WebsiteTagsResponseDto {
  /** The client tags now on the bucket and on the distribution. */
  Tags!: TagResponseDto[];
}
