variable "name_prefix" {
  description = "Prefix of every IAM name this module creates."
  type        = string
}

variable "github_repositories" {
  description = "GitHub repositories (owner/name) whose workflows deploy to this account."
  type        = list(string)
}

variable "artifact_bucket" {
  description = "Bucket the deploy workflows upload to."
  type        = string
}

variable "support_responder_role_names" {
  description = "Roles of the account (SSO permission sets included) whose sessions may take the support role."
  type        = list(string)
}

variable "enable_support_app" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
