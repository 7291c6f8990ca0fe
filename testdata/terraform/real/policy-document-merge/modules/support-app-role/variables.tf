variable "name" {
  description = "Name of the Support App channel role."
  type        = string
}

variable "partition" {
  type = string
}

variable "account_id" {
  type = string
}

variable "extra_actions" {
  description = "Actions beyond the App's own, for the channel's users."
  type        = list(string)
  default     = []
}
