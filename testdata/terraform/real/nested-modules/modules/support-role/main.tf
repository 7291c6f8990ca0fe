data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = length(var.trusted_role_arns) > 0 ? [var.trusted_role_arns] : []
    content {
      sid     = "People"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.trusted_services) > 0 ? [var.trusted_services] : []
    content {
      sid     = "Services"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "Service"
        identifiers = statement.value
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role_policy_attachment" "support" {
  count = var.attach_support_access ? 1 : 0

  role       = aws_iam_role.this.name
  policy_arn = "arn:${var.partition}:iam::aws:policy/AWSSupportAccess"
}

resource "aws_iam_role_policy_attachment" "extra" {
  for_each = var.policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

# A responder without MFA can do nothing but set MFA up: the Deny is met only by
# sessions without MFA, so it does not keep responders from their cases.
module "mfa_guardrail" {
  source = "../iam-policy"
  count  = var.require_mfa ? 1 : 0

  name        = "${var.name}-require-mfa"
  description = "Deny sessions without MFA"
  statements = [{
    sid         = "DenyWithoutMFA"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "sts:GetSessionToken"]
    conditions = [{
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }]
  }]
}

resource "aws_iam_role_policy_attachment" "mfa_guardrail" {
  count = var.require_mfa ? 1 : 0

  role       = aws_iam_role.this.name
  policy_arn = module.mfa_guardrail[0].arn
}
