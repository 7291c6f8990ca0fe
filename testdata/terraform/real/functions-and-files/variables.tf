variable "team" {
  type    = string
  default = "Platform Ops"
}

variable "support_tier" {
  description = "gold: full support access; silver: read-only."
  type        = string
  default     = "gold"
}

variable "responders" {
  description = "Comma-separated role names, as the CMDB exports them."
  type        = string
  default     = " ops-admin, incident-commander ,sre-oncall"
}

variable "allowed_regions" {
  type    = list(string)
  default = ["eu-west-1", "eu-central-1"]
}

variable "partner_principals" {
  description = "The support partner's principals; set per account."
  type        = list(string)
  default     = []
}

variable "overrides" {
  type    = any
  default = {}
}
