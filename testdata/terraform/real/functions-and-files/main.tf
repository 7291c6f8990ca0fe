# Values computed with Terraform's functions and files of the module: role names from
# lower/replace, trusted ARNs from split/trimspace/formatlist, attachments from
# zipmap/lookup/element, a boundary read with file(), an inline policy from
# jsondecode(file()) merged with regions from distinct(concat()), try/can/coalesce.
#
# The partner role falls back, with coalescelist, to "*" when no partner principal is set,
# and none is: anyone may assume it (SUP002 on aws_iam_role.partner). The responders are
# clean: their boundary allows support, and the region Deny exempts support:* and keeps
# us-east-1. The metrics exporter, which Lambda assumes, gets the first of the sorted
# values of a map: CloudWatch read access, not AWSSupportAccess (clean).

data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  team_slug  = lower(replace(trimspace(var.team), " ", "-"))

  responder_names = compact([for name in split(",", var.responders) : trimspace(name)])
  responder_arns  = formatlist("arn:%s:iam::%s:role/%s", local.partition, local.account_id, local.responder_names)

  policy_for_tier = {
    gold   = "AWSSupportAccess"
    silver = "AWSSupportAppReadOnlyAccess"
  }
  support_policies = [
    lookup(local.policy_for_tier, var.support_tier, "AWSSupportAccess"),
    "CloudWatchReadOnlyAccess",
  ]
  attachments = zipmap(["support", "cloudwatch"], [
    for name in local.support_policies : "arn:${local.partition}:iam::aws:policy/${name}"
  ])

  regions          = distinct(concat(var.allowed_regions, ["us-east-1"]))
  max_session      = try(var.overrides.max_session_hours, 1) * 3600
  partner_external = coalesce(try(var.overrides.partner_external_id, null), "${local.team_slug}-partner")
  has_partner      = can(var.overrides.partner_account)
}

resource "aws_iam_policy" "boundary" {
  name   = "${local.team_slug}-responder-boundary"
  policy = file("${path.module}/policies/responder-boundary.json")
}

resource "aws_iam_role" "responders" {
  name                 = "${local.team_slug}-responders"
  max_session_duration = local.max_session
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.responder_arns }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = {
    Team      = upper(local.team_slug)
    Responder = element(local.responder_names, 0)
  }
}

resource "aws_iam_role_policy_attachment" "responders" {
  for_each = local.attachments

  role       = aws_iam_role.responders.name
  policy_arn = each.value
}

resource "aws_iam_role_policy" "responders_regions" {
  name = "regions"
  role = aws_iam_role.responders.id
  policy = jsonencode(merge(jsondecode(file("${path.module}/policies/deny-regions.json")), {
    Statement = [
      for statement in jsondecode(file("${path.module}/policies/deny-regions.json")).Statement :
      merge(statement, {
        Condition = { StringNotEquals = { "aws:RequestedRegion" = local.regions } }
      })
    ]
  }))
}

resource "aws_iam_role" "partner" {
  name = "${local.team_slug}-support-partner"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = coalescelist(var.partner_principals, ["*"]) }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = local.partner_external } }
    }]
  })
  tags = {
    HasPartnerAccount = tostring(local.has_partner)
  }
}

resource "aws_iam_role_policy_attachment" "partner" {
  role       = aws_iam_role.partner.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/${element(local.support_policies, 0)}"
}

# values() lists a map's values in the order of its sorted keys: "cloudwatch" comes before
# "support", so this function reads metrics and has no support access. Clean.
resource "aws_iam_role" "metrics_exporter" {
  name = "${local.team_slug}-metrics-exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "metrics_exporter" {
  role       = aws_iam_role.metrics_exporter.name
  policy_arn = element(values(local.attachments), 0)
}

output "responder_arns" {
  value = local.responder_arns
}

output "attached" {
  value = keys(local.attachments)
}
