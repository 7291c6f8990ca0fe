output "deploy_role_arn" {
  value = aws_iam_role.deploy.arn
}

output "support_role_arn" {
  value = aws_iam_role.support.arn
}

output "support_app_role_arn" {
  value = one(aws_iam_role.support_app[*].arn)
}
