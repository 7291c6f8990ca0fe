locals {
  name_prefix  = "${var.environment}-"
  account_root = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"

  common_tags = merge(var.tags, {
    Environment = var.environment
    ManagedBy   = "terraform"
  })

  mfa_condition = var.support_require_mfa ? {
    Bool = { "aws:MultiFactorAuthPresent" = "true" }
  } : {}
}
