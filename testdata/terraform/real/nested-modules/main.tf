# Two support roles from a local module (modules/support-role), which calls a sibling
# module (modules/iam-policy) for its MFA guardrail. The root calls modules/iam-policy too,
# for the policy of a case-opening Lambda function, and feeds its ARN to one instance of
# the role module.
#
# The automation role can open and answer cases and is assumed by Lambda: every function
# given it writes to AWS Support in the account's name (SUP003 note on
# module.support_role["automation"].aws_iam_role.this). The ops role is clean.

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"

  support_roles = {
    ops = {
      trusted_role_arns     = [local.account_root]
      trusted_services      = []
      attach_support_access = true
      require_mfa           = true
      policy_arns           = {}
    }
    automation = {
      trusted_role_arns     = []
      trusted_services      = ["lambda.amazonaws.com"]
      attach_support_access = false
      require_mfa           = false
      policy_arns = {
        cases = module.case_automation_policy.arn
        logs  = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
      }
    }
  }
}

module "case_automation_policy" {
  source = "./modules/iam-policy"

  name        = "support-case-automation"
  description = "Open a case when a critical alarm fires, and follow it"
  statements = [
    {
      sid       = "Cases"
      actions   = ["support:CreateCase", "support:AddCommunicationToCase", "support:DescribeCases", "support:DescribeSeverityLevels"]
      resources = ["*"]
    },
  ]
}

module "support_role" {
  source   = "./modules/support-role"
  for_each = local.support_roles

  name                  = "support-${each.key}"
  partition             = data.aws_partition.current.partition
  trusted_role_arns     = each.value.trusted_role_arns
  trusted_services      = each.value.trusted_services
  attach_support_access = each.value.attach_support_access
  require_mfa           = each.value.require_mfa
  policy_arns           = each.value.policy_arns
}

output "support_role_arns" {
  value = { for name, role in module.support_role : name => role.role_arn }
}
