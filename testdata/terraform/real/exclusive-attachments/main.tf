# Attachments managed exclusively (provider 5.x): the support role's managed policies and
# inline policies are exactly those listed, so a policy attached by hand is detached on
# the next apply.
#
# The Support App role's exclusive list carries ReadOnlyAccess beside
# AWSSupportAppFullAccess, which gives everyone in the Slack channel read access to the
# whole account (APP002 error on aws_iam_role.support_app). The break-glass IAM user, which
# the code does not declare, gets AWSSupportAccess directly (SUP004 warning on
# aws_iam_user_policy_attachments_exclusive.breakglass).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  aws_policy   = "arn:${data.aws_partition.current.partition}:iam::aws:policy"
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
}

resource "aws_iam_role" "support" {
  name = "support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = "sts:AssumeRole"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

resource "aws_iam_role_policy_attachments_exclusive" "support" {
  role_name = aws_iam_role.support.name
  policy_arns = [
    "${local.aws_policy}/AWSSupportAccess",
    "${local.aws_policy}/job-function/ViewOnlyAccess",
  ]
}

resource "aws_iam_role_policy" "support_health" {
  name = "health"
  role = aws_iam_role.support.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["health:Describe*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policies_exclusive" "support" {
  role_name    = aws_iam_role.support.name
  policy_names = [aws_iam_role_policy.support_health.name]
}

resource "aws_iam_role" "support_app" {
  name = "support-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "supportapp.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachments_exclusive" "support_app" {
  role_name = aws_iam_role.support_app.name
  policy_arns = [
    "${local.aws_policy}/AWSSupportAppFullAccess",
    "${local.aws_policy}/ReadOnlyAccess",
  ]
}

resource "aws_iam_service_linked_role" "service_quotas" {
  aws_service_name = "servicequotas.amazonaws.com"
}

# The break-glass user exists from the account's bootstrap.
resource "aws_iam_user_policy_attachments_exclusive" "breakglass" {
  user_name   = "breakglass"
  policy_arns = ["${local.aws_policy}/AWSSupportAccess"]
}
