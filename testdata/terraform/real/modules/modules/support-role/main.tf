variable "name" {
  type = string
}

variable "trusted_principals" {
  type = list(string)
}

variable "enabled" {
  type    = bool
  default = true
}

resource "aws_iam_role" "this" {
  count = var.enabled ? 1 : 0

  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = var.trusted_principals }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "this" {
  count = var.enabled ? 1 : 0

  role       = aws_iam_role.this[0].name
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
