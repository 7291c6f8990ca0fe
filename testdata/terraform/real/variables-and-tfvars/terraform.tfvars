environment       = "prod"
support_role_name = "cis-support"

support_trusted_principals = [
  "arn:aws:iam::123456789012:role/ops-admin",
]

vendor_principals = ["arn:aws:iam::210987654321:root"]

tags = {
  Owner      = "platform-team"
  CostCenter = "4711"
}
