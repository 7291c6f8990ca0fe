data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition    = data.aws_partition.current.partition
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"
  aws_policy   = "arn:${local.partition}:iam::aws:policy"

  responder_arns = [
    for name in var.support_responder_role_names : "arn:${local.partition}:iam::${local.account_id}:role/${name}"
  ]
}

resource "aws_iam_account_password_policy" "this" {
  minimum_password_length        = 14
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  allow_users_to_change_password = true
  password_reuse_prevention      = 24
  max_password_age               = 90
}

# Deployments from GitHub Actions through OIDC.
resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
  tags            = var.tags
}

data "aws_iam_policy_document" "deploy_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [for repo in var.github_repositories : "repo:${repo}:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "${var.name_prefix}github-deploy"
  assume_role_policy = data.aws_iam_policy_document.deploy_trust.json
  tags               = var.tags
}

data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "Artifacts"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:ListBucket"]
    resources = ["arn:${local.partition}:s3:::${var.artifact_bucket}", "arn:${local.partition}:s3:::${var.artifact_bucket}/*"]
  }
  statement {
    sid       = "Stacks"
    actions   = ["cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet", "cloudformation:DescribeStacks"]
    resources = ["arn:${local.partition}:cloudformation:*:${local.account_id}:stack/app-*/*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}

# A function of the platform: logs only.
resource "aws_iam_role" "log_shipper" {
  name = "${var.name_prefix}log-shipper"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "log_shipper" {
  role       = aws_iam_role.log_shipper.name
  policy_arn = "${local.aws_policy}/service-role/AWSLambdaBasicExecutionRole"
}

# Incident responders: AWSSupportAccess, MFA, and a boundary that keeps support open.
resource "aws_iam_policy" "responder_boundary" {
  name        = "${var.name_prefix}responder-boundary"
  description = "Most a support responder may ever do"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Support"
        Effect   = "Allow"
        Action   = ["support:*", "support-console:*", "health:Describe*", "trustedadvisor:Describe*"]
        Resource = "*"
      },
      {
        Sid      = "Read"
        Effect   = "Allow"
        Action   = ["cloudwatch:Get*", "cloudwatch:List*", "logs:Describe*", "logs:Get*"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role" "support" {
  name                 = "${var.name_prefix}support"
  permissions_boundary = aws_iam_policy.responder_boundary.arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = "sts:AssumeRole"
      Condition = {
        Bool    = { "aws:MultiFactorAuthPresent" = "true" }
        ArnLike = { "aws:PrincipalArn" = local.responder_arns }
      }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "support" {
  for_each = toset(["AWSSupportAccess", "CloudWatchReadOnlyAccess"])

  role       = aws_iam_role.support.name
  policy_arn = "${local.aws_policy}/${each.key}"
}

# The AWS Support App in Slack, as its documentation sets it up.
resource "aws_iam_role" "support_app" {
  count = var.enable_support_app ? 1 : 0

  name = "${var.name_prefix}support-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "supportapp.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "support_app" {
  count = var.enable_support_app ? 1 : 0

  role       = aws_iam_role.support_app[0].name
  policy_arn = "${local.aws_policy}/AWSSupportAppFullAccess"
}

resource "aws_iam_service_linked_role" "service_quotas" {
  count = var.enable_support_app ? 1 : 0

  aws_service_name = "servicequotas.amazonaws.com"
}

# People who read everything.
resource "aws_iam_group" "auditors" {
  name = "${var.name_prefix}auditors"
}

resource "aws_iam_group_policy_attachment" "auditors" {
  for_each = toset(["SecurityAudit", "job-function/ViewOnlyAccess"])

  group      = aws_iam_group.auditors.name
  policy_arn = "${local.aws_policy}/${each.key}"
}
