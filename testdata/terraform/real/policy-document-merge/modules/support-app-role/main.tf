locals {
  app_actions = [
    "servicequotas:GetRequestedServiceQuotaChange",
    "servicequotas:GetServiceQuota",
    "servicequotas:RequestServiceQuotaIncrease",
    "support:AddAttachmentsToSet",
    "support:AddCommunicationToCase",
    "support:CreateCase",
    "support:DescribeCases",
    "support:DescribeCommunications",
    "support:DescribeSeverityLevels",
    "support:InitiateChatForCase",
    "support:ResolveCase",
  ]
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "supportapp.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "this" {
  name = "support-app"
  role = aws_iam_role.this.id
  policy = templatefile("${path.module}/policy.json.tpl", {
    actions    = distinct(concat(local.app_actions, var.extra_actions))
    partition  = var.partition
    account_id = var.account_id
  })
}

output "role_arn" {
  value = aws_iam_role.this.arn
}
