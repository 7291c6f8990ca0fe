output "support_role_arn" {
  value = aws_iam_role.support.arn
}

output "support_app_role_arn" {
  description = "The role to give the Slack channel configuration, null when the App is off."
  value       = one(aws_iam_role.support_app[*].arn)
}
