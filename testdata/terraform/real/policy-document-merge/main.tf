# Responder roles whose inline policies are merged from shared documents
# (source_policy_documents, override_policy_documents), trusted by account roles and by
# Okta (principals of several types, with conditions); an escalation role written with
# jsonencode, ARNs built with format and join, and a heredoc policy; and a Support App
# role from a module whose policy is a templatefile.
#
# The regional responder keeps the organisation's region guardrail, which denies
# us-east-1 where the Support API is served: it cannot manage cases (SUP005 on
# aws_iam_role.regional). The global responder overrides the guardrail's statement by its
# Sid to allow us-east-1: clean. The Support App role's template adds Trusted Advisor
# (APP002 warning on module.support_app.aws_iam_role.this).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  okta_provider_arn  = format("arn:%s:iam::%s:saml-provider/%s", local.partition, local.account_id, "okta")
  support_access_arn = join(":", ["arn", local.partition, "iam", "", "aws", "policy/AWSSupportAccess"])
  global_services    = ["iam:*", "sts:*", "organizations:*", "cloudfront:*", "route53:*", "support:*", "health:*"]
}

data "aws_iam_policy_document" "responder_trust" {
  statement {
    sid     = "OpsRoles"
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "AWS"
      identifiers = [format("arn:%s:iam::%s:root", local.partition, local.account_id)]
    }
    condition {
      test     = "ArnLike"
      variable = "aws:PrincipalArn"
      values   = ["arn:${local.partition}:iam::${local.account_id}:role/ops-*"]
    }
  }

  statement {
    sid     = "Okta"
    actions = ["sts:AssumeRoleWithSAML", "sts:TagSession"]
    principals {
      type        = "Federated"
      identifiers = [local.okta_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "SAML:aud"
      values   = ["https://signin.aws.amazon.com/saml"]
    }
  }
}

# The organisation's guardrails, written once.
data "aws_iam_policy_document" "region_guardrail" {
  statement {
    sid         = "DenyOutsideHomeRegions"
    effect      = "Deny"
    not_actions = [for service in local.global_services : service if service != "support:*"]
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1", "eu-central-1"]
    }
  }
}

data "aws_iam_policy_document" "session_guardrail" {
  statement {
    sid         = "DenyWithoutMFA"
    effect      = "Deny"
    not_actions = ["iam:ListMFADevices", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "read_health" {
  statement {
    sid       = "ReadHealth"
    actions   = ["health:Describe*"]
    resources = ["*"]
  }
}

# The exception for global responders: same Sid, so it replaces the guardrail's statement.
data "aws_iam_policy_document" "global_exception" {
  statement {
    sid         = "DenyOutsideHomeRegions"
    effect      = "Deny"
    not_actions = local.global_services
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1", "eu-central-1", "us-east-1"]
    }
  }
}

data "aws_iam_policy_document" "regional_responder" {
  source_policy_documents = [
    data.aws_iam_policy_document.region_guardrail.json,
    data.aws_iam_policy_document.session_guardrail.json,
  ]

  statement {
    sid       = "ReadTrustedAdvisor"
    actions   = ["trustedadvisor:Describe*"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "global_responder" {
  source_policy_documents = [
    data.aws_iam_policy_document.region_guardrail.json,
    data.aws_iam_policy_document.session_guardrail.json,
    data.aws_iam_policy_document.read_health.json,
  ]
  override_policy_documents = [data.aws_iam_policy_document.global_exception.json]
}

resource "aws_iam_role" "regional" {
  name               = "support-responder-eu"
  assume_role_policy = data.aws_iam_policy_document.responder_trust.json
}

resource "aws_iam_role_policy_attachment" "regional" {
  role       = aws_iam_role.regional.name
  policy_arn = local.support_access_arn
}

resource "aws_iam_role_policy" "regional" {
  name   = "guardrails"
  role   = aws_iam_role.regional.id
  policy = data.aws_iam_policy_document.regional_responder.json
}

resource "aws_iam_role" "global" {
  name               = "support-responder-global"
  assume_role_policy = data.aws_iam_policy_document.responder_trust.json
}

resource "aws_iam_role_policy_attachment" "global" {
  role       = aws_iam_role.global.name
  policy_arn = local.support_access_arn
}

resource "aws_iam_role_policy" "global" {
  name   = "guardrails"
  role   = aws_iam_role.global.id
  policy = data.aws_iam_policy_document.global_responder.json
}

# Escalation managers: full support access from a customer policy, from the ops-admin role.
resource "aws_iam_role" "escalation" {
  name = "support-escalation"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OpsAdmin"
      Effect    = "Allow"
      Principal = { AWS = format("arn:%s:iam::%s:role/%s", local.partition, local.account_id, "ops-admin") }
      Action    = ["sts:AssumeRole", "sts:SetSourceIdentity"]
      Condition = {
        StringLike = { "sts:SourceIdentity" = "*@example.com" }
      }
    }]
  })
}

resource "aws_iam_policy" "escalation" {
  name        = "support-escalation"
  description = "Manage support cases and the account's support plan contacts"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Support",
          "Effect": "Allow",
          "Action": ["support:*", "support-console:*"],
          "Resource": "*"
        },
        {
          "Sid": "Contacts",
          "Effect": "Allow",
          "Action": ["account:GetAlternateContact", "account:PutAlternateContact"],
          "Resource": "arn:${local.partition}:account::${local.account_id}:account"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "escalation" {
  role       = aws_iam_role.escalation.name
  policy_arn = aws_iam_policy.escalation.arn
}

module "support_app" {
  source = "./modules/support-app-role"

  name       = "support-app-channel"
  partition  = local.partition
  account_id = local.account_id
  extra_actions = [
    "support:DescribeTrustedAdvisorChecks",
    "support:DescribeTrustedAdvisorCheckResult",
  ]
}
