# A CIS-baseline module (modules/cis-baseline): the CIS support role with AWSSupportAccess,
# the AWS Support App role with AWSSupportAppFullAccess (or, in the second account layout,
# the App's documented policy inline), and the Service Quotas service-linked role, every
# ARN built from data.aws_partition and data.aws_caller_identity. Clean.
#
# Beside it, a role left from an earlier attempt with AWS Chatbot, on
# aws_iam_role.chatbot_support: it trusts both supportapp.amazonaws.com and
# chatbot.amazonaws.com, so the Slack channel's role is shared with Chatbot (APP006
# warning) and Chatbot can open and answer cases with it (SUP003 note); and the Resource
# Explorer read access it keeps from Chatbot reaches other services than Support for
# everyone in the channel (APP002 error).

data "aws_partition" "current" {}

module "baseline" {
  source = "./modules/cis-baseline"

  support_role_name          = "cis-support"
  enable_support_app         = true
  create_service_quotas_role = true

  tags = {
    Compliance = "cis-aws-foundations-v3"
  }
}

module "baseline_least_privilege" {
  source = "./modules/cis-baseline"

  support_role_name           = "cis-support-eu"
  support_app_role_name       = "support-app-eu-channel"
  enable_support_app          = true
  support_app_least_privilege = true
}

resource "aws_iam_role" "chatbot_support" {
  name = "slack-support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        Service = ["supportapp.amazonaws.com", "chatbot.amazonaws.com"]
      }
      Action = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "chatbot_support" {
  for_each = toset(["AWSSupportAppFullAccess", "AWSResourceExplorerReadOnlyAccess"])

  role       = aws_iam_role.chatbot_support.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.key}"
}

output "support_role_arn" {
  value = module.baseline.support_role_arn
}

output "support_app_role_arns" {
  value = compact([module.baseline.support_app_role_arn, module.baseline_least_privilege.support_app_role_arn])
}
