# Legacy on-call user: AWSSupportAccess attached directly (SUP004).
resource "aws_iam_user_policy_attachment" "oncall" {
  user       = "oncall"
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}
