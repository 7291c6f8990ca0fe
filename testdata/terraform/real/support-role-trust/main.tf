data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  support_access = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAccess"
}

# The CIS support role: people of this account, signed in with MFA. Clean.
resource "aws_iam_role" "support" {
  name = "support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "sts:AssumeRole"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "support" {
  role       = aws_iam_role.support.name
  policy_arn = local.support_access
}

# "o-*" matches every organization: this trust is open to everyone (SUP002).
resource "aws_iam_role" "org_wildcard" {
  name = "support-any-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
      Condition = { StringLike = { "aws:PrincipalOrgID" = "o-*" } }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "org_wildcard" {
  role       = aws_iam_role.org_wildcard.name
  policy_arn = local.support_access
}

# Everyone is allowed, then everyone outside our organization is denied: a fence. Clean.
resource "aws_iam_role" "org_fenced" {
  name = "support-our-org"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Everyone"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "sts:AssumeRole"
      },
      {
        Sid       = "OnlyOurOrganization"
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "sts:AssumeRole"
        Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "org_fenced" {
  role       = aws_iam_role.org_fenced.name
  policy_arn = local.support_access
}
