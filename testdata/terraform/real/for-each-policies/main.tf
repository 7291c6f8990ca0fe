# Support roles per team from one map, their attachments from a flattened list of
# (team, policy) pairs, trust policies with one dynamic statement per principal group,
# an auditor role attached from a toset, and on-call users attached by count.
#
# The contractors' team trusts "*" and only asks for MFA, which says nothing about who
# the caller is (SUP002 on aws_iam_role.team["contractors"]); AWSSupportAccess attached
# to the on-call users directly is SUP004 on each attachment.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition    = data.aws_partition.current.partition
  account_id   = data.aws_caller_identity.current.account_id
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  support_teams = {
    ops = {
      trusted = {
        people = [local.account_root]
      }
      require_mfa = true
      policies    = ["AWSSupportAccess", "ReadOnlyAccess"]
    }
    security = {
      trusted = {
        people     = [local.account_root]
        automation = ["arn:${local.partition}:iam::${local.account_id}:role/ops-admin"]
      }
      require_mfa = false
      policies    = ["AWSSupportAccess", "SecurityAudit"]
    }
    contractors = {
      trusted = {
        anyone = ["*"]
      }
      require_mfa = true
      policies    = ["AWSSupportAccess"]
    }
  }

  # One element per (team, policy) pair, keyed "team/policy" for stable addresses.
  team_policies = {
    for pair in flatten([
      for team, config in local.support_teams : [
        for policy in config.policies : { team = team, policy = policy }
      ]
    ]) : "${pair.team}/${pair.policy}" => pair
  }

  mfa_teams = [for team, config in local.support_teams : team if config.require_mfa]

  oncall_users = ["alice", "carol"]
}

data "aws_iam_policy_document" "team_trust" {
  for_each = local.support_teams

  dynamic "statement" {
    for_each = each.value.trusted
    content {
      sid     = "Trust${title(statement.key)}"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
      dynamic "condition" {
        for_each = each.value.require_mfa ? ["true"] : []
        content {
          test     = "Bool"
          variable = "aws:MultiFactorAuthPresent"
          values   = [condition.value]
        }
      }
    }
  }
}

resource "aws_iam_role" "team" {
  for_each = local.support_teams

  name                 = "support-${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.team_trust[each.key].json
  max_session_duration = each.value.require_mfa ? 3600 : 14400

  tags = {
    Team = each.key
    MFA  = contains(local.mfa_teams, each.key) ? "required" : "not-required"
  }
}

resource "aws_iam_role_policy_attachment" "team" {
  for_each = local.team_policies

  role       = aws_iam_role.team[each.value.team].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value.policy}"
}

# The auditors read everything and may open cases about what they find.
resource "aws_iam_role" "auditor" {
  name = "auditor"
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

resource "aws_iam_role_policy_attachment" "auditor" {
  for_each = toset(["SecurityAudit", "job-function/ViewOnlyAccess", "AWSSupportAccess"])

  role       = aws_iam_role.auditor.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${each.value}"
}

# Legacy: the on-call engineers still have IAM users.
resource "aws_iam_user_policy_attachment" "oncall" {
  count = length(local.oncall_users)

  user       = local.oncall_users[count.index]
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
}

output "team_role_arns" {
  value = { for team, role in aws_iam_role.team : team => role.arn }
}

output "oncall_user_arns" {
  value = [for name in local.oncall_users : "arn:${local.partition}:iam::${local.account_id}:user/${name}"]
}
