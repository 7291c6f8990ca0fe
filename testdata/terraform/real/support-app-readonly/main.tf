# A Support App role that also reads CloudWatch: everyone in the Slack channel can read
# the account's metrics, alarms and logs (APP002, error: another service than support).

resource "aws_iam_role" "app" {
  name = "support-app-with-metrics"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "supportapp.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "app" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AWSSupportAppReadOnlyAccess",
    "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
  ])
  role       = aws_iam_role.app.name
  policy_arn = each.value
}
