support_role_name = "cis-support"

suport_trusted_principals = [
  "arn:aws:iam::123456789012:role/ops-admin",
]
