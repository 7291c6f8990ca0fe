variable "support_role_name" {
  type    = string
  default = "support"
}

# Every account sets its principals in terraform.tfvars.
variable "support_trusted_principals" {
  type    = list(string)
  default = ["*"]
}
