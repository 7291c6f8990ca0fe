environment = "production"

github_repositories = [
  "example-corp/payments-api",
  "example-corp/web-frontend",
]

support_responder_role_names = [
  "ops-admin",
  "AWSReservedSSO_SupportResponder_*",
]
