# One account's IAM as a platform team writes it (modules/account-iam): GitHub OIDC
# deployments, a Lambda role, incident responders with AWSSupportAccess behind MFA and a
# permissions boundary that keeps Support open, the AWS Support App role with
# AWSSupportAppFullAccess and the Service Quotas service-linked role, and an auditors
# group. Nothing here is a finding, with or without --account-baseline.

module "account_iam" {
  source = "./modules/account-iam"

  name_prefix                  = "${var.environment}-"
  github_repositories          = var.github_repositories
  artifact_bucket              = "example-corp-${var.environment}-artifacts"
  support_responder_role_names = var.support_responder_role_names

  tags = {
    Environment = var.environment
    Repository  = "example-corp/aws-accounts"
  }
}

output "support_role_arn" {
  value = module.account_iam.support_role_arn
}

output "deploy_role_arn" {
  value = module.account_iam.deploy_role_arn
}
