data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition    = data.aws_partition.current.partition
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  support_trusted_arns = length(var.support_trusted_arns) > 0 ? var.support_trusted_arns : [local.account_root]
  managed_policy_arn   = "arn:${local.partition}:iam::aws:policy"
}

# CIS AWS Foundations Benchmark 1.17: a support role to manage incidents with AWS Support.
data "aws_iam_policy_document" "support_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = local.support_trusted_arns
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

resource "aws_iam_role" "support" {
  name               = var.support_role_name
  assume_role_policy = data.aws_iam_policy_document.support_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "support" {
  role       = aws_iam_role.support.name
  policy_arn = "${local.managed_policy_arn}/AWSSupportAccess"
}

# The AWS Support App in Slack.
data "aws_iam_policy_document" "support_app_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["supportapp.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "support_app" {
  count = var.enable_support_app ? 1 : 0

  name               = var.support_app_role_name
  assume_role_policy = data.aws_iam_policy_document.support_app_trust.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "support_app" {
  count = var.enable_support_app && !var.support_app_least_privilege ? 1 : 0

  role       = aws_iam_role.support_app[0].name
  policy_arn = "${local.managed_policy_arn}/AWSSupportAppFullAccess"
}

data "aws_iam_policy_document" "support_app" {
  statement {
    sid = "SupportApp"
    actions = [
      "servicequotas:GetRequestedServiceQuotaChange",
      "servicequotas:GetServiceQuota",
      "servicequotas:RequestServiceQuotaIncrease",
      "support:AddAttachmentsToSet",
      "support:AddCommunicationToCase",
      "support:CreateCase",
      "support:DescribeCases",
      "support:DescribeCommunications",
      "support:DescribeSeverityLevels",
      "support:InitiateChatForCase",
      "support:ResolveCase",
    ]
    resources = ["*"]
  }
  statement {
    sid       = "ServiceQuotasLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["servicequotas.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "support_app" {
  count = var.enable_support_app && var.support_app_least_privilege ? 1 : 0

  name   = "support-app-least-privilege"
  role   = aws_iam_role.support_app[0].id
  policy = data.aws_iam_policy_document.support_app.json
}

resource "aws_iam_service_linked_role" "service_quotas" {
  count = var.create_service_quotas_role ? 1 : 0

  aws_service_name = "servicequotas.amazonaws.com"
}
