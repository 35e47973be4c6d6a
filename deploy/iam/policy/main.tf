# The service's identity policy for one account: ../s3-api-policy.json with its placeholders filled
# in, by the same rules as the service itself (libs/aws/src/policies/service.policy.ts).
# `npm run validate:deploy` renders both and checks that they agree. Needs no provider.

terraform {
  required_version = ">= 1.3"
}

variable "account_id" {
  description = "The AWS account the policy is for (accounts[].id)."
  type        = string
}

variable "org" {
  description = "The org the service is configured with for the account: the value of its s3-api:org tag."
  type        = string
}

variable "hosted_zone_ids" {
  description = "The Route 53 zones of the account's website domains (accounts[].domains.*.hostedZoneId). None: no Route 53 access at all."
  type        = list(string)
  default     = []
}

variable "permissions_boundary_arn" {
  description = "accounts[].permissionsBoundaryArn, when configured: the service may then create only users with that boundary. Null: only users without one."
  type        = string
  default     = null
}

locals {
  zones = [for id in var.hosted_zone_ids : jsonencode("arn:aws:route53:::hostedzone/${trimprefix(id, "/hostedzone/")}")]
  # A Resource entry naming ${HostedZoneId} stands for one entry per zone.
  filled = jsondecode(
    replace(replace(replace(replace(replace(
      file("${path.module}/../s3-api-policy.json"),
      "\"arn:aws:route53:::hostedzone/$${HostedZoneId}\"", join(", ", local.zones)),
      "$${AccountId}", var.account_id),
      "$${Org}", var.org),
      "$${PermissionsBoundaryArn}", var.permissions_boundary_arn == null ? "" : var.permissions_boundary_arn),
    "$${NoPermissionsBoundary}", var.permissions_boundary_arn == null ? "true" : "false")
  )
}

output "json" {
  description = "The policy document, as JSON (a statement left with no resource is left out)."
  value       = jsonencode(merge(local.filled, { Statement = [for s in local.filled.Statement : s if length(flatten([s.Resource])) > 0] }))
}
