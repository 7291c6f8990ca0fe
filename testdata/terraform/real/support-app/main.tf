# The role an AWS Support App Slack channel uses, as the App's documentation describes it:
# trusted by supportapp.amazonaws.com, allowed the App actions, and allowed to create the
# Service Quotas service-linked role only. Clean.
#
# The channel configuration itself (awscc_supportapp_slack_channel_configuration) needs
# the awscc provider, which the generator's mirror does not carry; the role's ARN, built
# from parts, reaches the deployer's policy below instead.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_iam_policy_document" "app_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["supportapp.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "support-app-slack"
  assume_role_policy = data.aws_iam_policy_document.app_trust.json
}

data "aws_iam_policy_document" "app" {
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

resource "aws_iam_role_policy" "app" {
  name   = "support-app"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.app.json
}

locals {
  channel_role_arn = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${aws_iam_role.app.name}"
}

# Whoever configures the Slack channel passes the App role to the service.
resource "aws_iam_role" "deployer" {
  name = "support-app-deployer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["supportapp:CreateSlackChannelConfiguration", "supportapp:UpdateSlackChannelConfiguration"]
    resources = ["*"]
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = [local.channel_role_arn]
  }
}

resource "aws_iam_role_policy" "deployer" {
  name   = "configure-support-app"
  role   = aws_iam_role.deployer.id
  policy = data.aws_iam_policy_document.deployer.json
}

output "channel_role_arn" {
  value = local.channel_role_arn
}

# AWSSupportAppReadOnlyAccess makes a Support App role, but this one trusts people of the
# account, not the App: the App cannot use it (APP001).
resource "aws_iam_role" "viewer" {
  name = "support-app-viewer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "viewer" {
  role       = aws_iam_role.viewer.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAppReadOnlyAccess"
}
