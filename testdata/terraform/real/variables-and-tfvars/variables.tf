variable "environment" {
  description = "Name of the environment, used as the prefix of every role name."
  type        = string
  default     = "dev"
}

variable "support_role_name" {
  description = "Name of the CIS support role (without the environment prefix)."
  type        = string
  default     = "support"
}

variable "support_policy_name" {
  description = "AWS managed policy that gives the support role its access."
  type        = string
  default     = "AWSSupportAccess"
}

# Every account sets its own principals in terraform.tfvars; the default is only a
# placeholder for sandboxes.
variable "support_trusted_principals" {
  description = "IAM principals allowed to assume the support role."
  type        = list(string)
  default     = ["*"]
}

variable "support_require_mfa" {
  description = "Require MFA to assume the support role."
  type        = bool
  default     = true
}

variable "create_vendor_role" {
  description = "Create the role the support vendor assumes from its own account."
  type        = bool
  default     = false
}

variable "vendor_principals" {
  description = "Principals of the support vendor."
  type        = list(string)
  default     = []
}

variable "vendor_external_id" {
  description = "External ID agreed with the vendor."
  type        = string
  default     = null
}

variable "max_session_hours" {
  type    = number
  default = 1
}

variable "tags" {
  type    = map(string)
  default = {}
}
