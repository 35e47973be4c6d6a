# The IAM role s3-api assumes in one AWS account, with the service's own policy. Apply it once per
# account of accounts[] and set accounts[].roleArn to its `role_arn` output. See README.md here.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "trusted_principal_arn" {
  description = "The service's base identity (its IRSA role, say), which assumes this role."
  type        = string
}

variable "external_id" {
  description = "accounts[].externalId, if set: the role then requires it."
  type        = string
  default     = null
}

variable "role_name" {
  description = "The name of the role."
  type        = string
  default     = "s3-api"
}

variable "org" {
  description = "The org the service is configured with for this account (the value of its s3-api:org tag)."
  type        = string
}

variable "hosted_zone_ids" {
  description = "The Route 53 zones of the account's website domains."
  type        = list(string)
  default     = []
}

variable "permissions_boundary_arn" {
  description = "accounts[].permissionsBoundaryArn, if configured."
  type        = string
  default     = null
}

data "aws_caller_identity" "current" {}

module "policy" {
  source                   = "./policy"
  account_id               = data.aws_caller_identity.current.account_id
  org                      = var.org
  hosted_zone_ids          = var.hosted_zone_ids
  permissions_boundary_arn = var.permissions_boundary_arn
}

resource "aws_iam_role" "s3_api" {
  name = var.role_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [merge(
      { Effect = "Allow", Principal = { AWS = var.trusted_principal_arn }, Action = "sts:AssumeRole" },
      { for key, value in { Condition = { StringEquals = { "sts:ExternalId" = var.external_id } } } : key => value if var.external_id != null },
    )]
  })
}

# Inline: a role's inline policies may total 10,240 characters, a managed policy only 6,144.
resource "aws_iam_role_policy" "s3_api" {
  name   = "s3-api"
  role   = aws_iam_role.s3_api.id
  policy = module.policy.json
}

output "role_arn" {
  description = "Set it as accounts[].roleArn."
  value       = aws_iam_role.s3_api.arn
}
