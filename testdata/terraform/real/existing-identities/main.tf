# AWSSupportAccess given to a user and a group that already exist in the account:
# neither is declared here. SUP004 judges them all the same.

resource "aws_iam_user_policy_attachment" "bob_support" {
  user       = "bob"
  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"
}

data "aws_iam_policy" "support" {
  name = "AWSSupportAccess"
}

resource "aws_iam_policy_attachment" "oncall_support" {
  name       = "oncall-support"
  groups     = ["oncall"]
  policy_arn = data.aws_iam_policy.support.arn
}
