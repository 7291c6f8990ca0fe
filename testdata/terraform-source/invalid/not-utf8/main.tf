# Rôle de support (CIS 1.17), écrit sous Windows en Latin-1.
resource "aws_iam_role" "support" {
  name        = "support"
  description = "Rôle pour gérer les incidents avec AWS Support"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "support" {
  role       = aws_iam_role.support.name
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
