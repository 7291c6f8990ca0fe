# Support roles whose inline policies carry conditional Denies written with
# data.aws_iam_policy_document (conditions, not_actions).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "people_with_mfa" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

# A Deny that only a session without MFA meets: responders with MFA manage cases. Clean.
resource "aws_iam_role" "responder" {
  name               = "support-responder"
  assume_role_policy = data.aws_iam_policy_document.people_with_mfa.json
}

resource "aws_iam_role_policy_attachment" "responder" {
  role       = aws_iam_role.responder.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAccess"
}

data "aws_iam_policy_document" "require_mfa" {
  statement {
    sid         = "DenyWithoutMFA"
    effect      = "Deny"
    not_actions = ["iam:ChangePassword", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

resource "aws_iam_role_policy" "responder" {
  name   = "require-mfa"
  role   = aws_iam_role.responder.id
  policy = data.aws_iam_policy_document.require_mfa.json
}

# Everything outside eu-west-1 is denied, but the Support API is served from us-east-1:
# this role cannot manage cases (SUP005).
resource "aws_iam_role" "eu_only" {
  name               = "support-eu-only"
  assume_role_policy = data.aws_iam_policy_document.people_with_mfa.json
}

resource "aws_iam_role_policy_attachment" "eu_only" {
  role       = aws_iam_role.eu_only.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAccess"
}

data "aws_iam_policy_document" "eu_only" {
  statement {
    sid         = "DenyOutsideEurope"
    effect      = "Deny"
    not_actions = ["iam:*", "sts:*", "organizations:*"]
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}

resource "aws_iam_role_policy" "eu_only" {
  name   = "eu-west-1-only"
  role   = aws_iam_role.eu_only.id
  policy = data.aws_iam_policy_document.eu_only.json
}
