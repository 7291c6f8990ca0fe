variable "environment" {
  type = string
}

variable "github_repositories" {
  type = list(string)
}

variable "support_responder_role_names" {
  type = list(string)
}
