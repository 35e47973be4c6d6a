import { IsDefined } from 'class-validator';
import { TagDto, TagsProperty } from '../../common/dto/tag.dto.js';
import { MAX_WEBSITE_CLIENT_TAGS } from '../website-rules.js';

export class UpdateWebsiteDto {
  @IsDefined()
  @TagsProperty(
    MAX_WEBSITE_CLIENT_TAGS,
    `Client tags for the bucket and the distribution (at most ${MAX_WEBSITE_CLIENT_TAGS}). Replaces the previous client tags on both; the system tags are kept.`,
  )
  Tags!: TagDto[];
}
