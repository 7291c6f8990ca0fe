# One support role per team from a local module; a team that is not set up yet trusts
# everyone (SUP002 on module.team["sandbox"].aws_iam_role.this[0]).

data "aws_caller_identity" "current" {}

locals {
  teams = {
    ops     = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    sandbox = ["*"]
  }
}

module "team" {
  source   = "./modules/support-role"
  for_each = local.teams

  name               = "support-${each.key}"
  trusted_principals = each.value
}

# Disabled teams create nothing.
module "archived" {
  source = "./modules/support-role"

  name               = "support-archived"
  trusted_principals = []
  enabled            = false
}
