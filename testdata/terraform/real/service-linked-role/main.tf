# AWSServiceRoleForSupport exists in every account and cannot be created again (SLR001).
resource "aws_iam_service_linked_role" "support" {
  aws_service_name = "support.amazonaws.com"
}

# The Service Quotas one is the customer's to create. Clean.
resource "aws_iam_service_linked_role" "quotas" {
  aws_service_name = "servicequotas.amazonaws.com"
}
