variable "support_role_name" {
  description = "Name of the role for managing incidents with AWS Support (CIS AWS Foundations 1.17)."
  type        = string
  default     = "cis-support"
}

variable "support_trusted_arns" {
  description = "Principals allowed to assume the support role; the account root when empty."
  type        = list(string)
  default     = []
}

variable "enable_support_app" {
  description = "Create the role of the AWS Support App in Slack."
  type        = bool
  default     = false
}

variable "support_app_role_name" {
  type    = string
  default = "AWSSupportAppSlackChannelRole"
}

variable "support_app_least_privilege" {
  description = "Give the Support App role the documented policy inline instead of AWSSupportAppFullAccess."
  type        = bool
  default     = false
}

variable "create_service_quotas_role" {
  description = "Create the Service Quotas service-linked role the App needs for quota requests."
  type        = bool
  default     = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
