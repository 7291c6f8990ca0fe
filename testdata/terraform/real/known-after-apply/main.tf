# Values Terraform knows only after apply: the ARN of a policy created in the same plan,
# and the id of a new role. The plan leaves them unknown; the configuration says what they
# refer to.

# support:* by name makes a support role, and this one trusts everyone (SUP002).
resource "aws_iam_policy" "support_cases" {
  name = "support-cases"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "ManageCases"
      Effect   = "Allow"
      Action   = "support:*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "partner" {
  name = "support-partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "partner" {
  role       = aws_iam_role.partner.id
  policy_arn = aws_iam_policy.support_cases.arn
}

# A new group given AWSSupportAccess directly (SUP004).
resource "aws_iam_group" "oncall" {
  name = "oncall"
}

resource "aws_iam_group_policy_attachment" "oncall" {
  group      = aws_iam_group.oncall.id
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
