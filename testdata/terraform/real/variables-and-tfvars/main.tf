# The CIS support role and an optional vendor role, both configured by variables:
# terraform.tfvars narrows the support role's trust to one role (the default would trust
# everyone), 10-vendor.auto.tfvars turns the vendor role on, and
# 20-vendor-testing.auto.tfvars.json, read after it, replaces the vendor's principals with
# "*": the vendor role trusts everyone, fenced only by an external ID (SUP002 on
# aws_iam_role.vendor[0]).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "support" {
  name                 = "${local.name_prefix}${var.support_role_name}"
  description          = "CIS 1.17: manage incidents with AWS Support"
  max_session_duration = var.max_session_hours * 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      merge(
        {
          Sid       = "TrustedOperators"
          Effect    = "Allow"
          Principal = { AWS = var.support_trusted_principals }
          Action    = "sts:AssumeRole"
        },
        length(local.mfa_condition) > 0 ? { Condition = local.mfa_condition } : {},
      )
    ]
  })

  tags = local.common_tags
}

resource "aws_iam_role_policy_attachment" "support" {
  role       = aws_iam_role.support.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${var.support_policy_name}"
}

resource "aws_iam_role" "vendor" {
  count = var.create_vendor_role ? 1 : 0

  name                 = "${local.name_prefix}support-vendor"
  max_session_duration = var.max_session_hours * 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.vendor_principals }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "sts:ExternalId" = var.vendor_external_id }
      }
    }]
  })

  tags = merge(local.common_tags, { Vendor = "acme" })
}

resource "aws_iam_role_policy_attachment" "vendor" {
  count = var.create_vendor_role ? 1 : 0

  role       = aws_iam_role.vendor[count.index].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAccess"
}
