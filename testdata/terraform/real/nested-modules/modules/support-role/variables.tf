variable "name" {
  description = "Name of the role."
  type        = string
}

variable "trusted_role_arns" {
  description = "IAM roles and accounts allowed to assume the role."
  type        = list(string)
  default     = []
}

variable "trusted_services" {
  description = "AWS services allowed to assume the role."
  type        = list(string)
  default     = []
}

variable "attach_support_access" {
  description = "Attach the AWS managed AWSSupportAccess policy."
  type        = bool
  default     = true
}

variable "policy_arns" {
  description = "Further policies to attach, by a static key."
  type        = map(string)
  default     = {}
}

variable "require_mfa" {
  description = "Deny everything but MFA set-up to sessions without MFA (people only)."
  type        = bool
  default     = false
}

variable "partition" {
  type    = string
  default = "aws"
}
