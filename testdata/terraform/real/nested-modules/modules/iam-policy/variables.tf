variable "name" {
  description = "Name of the customer managed policy."
  type        = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform"
}

variable "path" {
  type    = string
  default = "/"
}

variable "statements" {
  description = "Statements of the policy."
  type = list(object({
    sid         = optional(string)
    effect      = optional(string, "Allow")
    actions     = optional(list(string))
    not_actions = optional(list(string))
    resources   = optional(list(string), ["*"])
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
}
