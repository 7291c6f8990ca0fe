output "support_role_arn" {
  description = "ARN of the CIS support role."
  value       = aws_iam_role.support.arn
}

output "support_role_name" {
  value = aws_iam_role.support.name
}

output "vendor_role_arn" {
  description = "ARN of the vendor role, null when it is not created."
  value       = one(aws_iam_role.vendor[*].arn)
}

output "account_root" {
  value = local.account_root
}
