output "arn" {
  description = "ARN of the policy."
  value       = aws_iam_policy.this.arn
}

output "name" {
  value = aws_iam_policy.this.name
}

output "json" {
  description = "The policy document."
  value       = data.aws_iam_policy_document.this.json
}
