import type { IamGroup, IamPolicy, Tag } from '#aws';
import type { IamGroupDto, IamPolicyDto, TagResponseDto } from './dto/iam.response.dto.js';

/* Built field by field, so a field the gateways grow never reaches a client by accident. */

export const presentPolicy = (p: IamPolicy): IamPolicyDto => ({
  Arn: p.Arn,
  PolicyName: p.PolicyName,
  PolicyId: p.PolicyId,
  Path: p.Path,
  DefaultVersionId: p.DefaultVersionId,
  AttachmentCount: p.AttachmentCount,
  PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount,
  IsAttachable: p.IsAttachable,
  Description: p.Description,
  CreateDate: p.CreateDate,
  UpdateDate: p.UpdateDate,
});

export const presentGroup = (g: IamGroup): IamGroupDto => ({ Arn: g.Arn, GroupName: g.GroupName, GroupId: g.GroupId, Path: g.Path, CreateDate: g.CreateDate });

export const presentTags = (tags: readonly Tag[]): TagResponseDto[] => tags.map((t) => ({ Key: t.Key, Value: t.Value }));
