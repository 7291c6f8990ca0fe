# This root used to manage AWSServiceRoleForSupport (see terraform.tfstate, as the apply
# left it). Its block was deleted, so the plan destroys the role: IAM refuses, and the
# account would lose the role AWS Support acts through (SLR001, error).

resource "aws_iam_service_linked_role" "quotas" {
  aws_service_name = "servicequotas.amazonaws.com"
}
