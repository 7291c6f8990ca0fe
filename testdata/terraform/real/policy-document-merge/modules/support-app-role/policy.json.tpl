{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "SupportApp",
      "Effect": "Allow",
      "Action": ${jsonencode(actions)},
      "Resource": "*"
    },
    {
      "Sid": "ServiceQuotasLinkedRole",
      "Effect": "Allow",
      "Action": "iam:CreateServiceLinkedRole",
      "Resource": "arn:${partition}:iam::${account_id}:role/aws-service-role/servicequotas.amazonaws.com/AWSServiceRoleForServiceQuotas",
      "Condition": {
        "StringEquals": { "iam:AWSServiceName": "servicequotas.amazonaws.com" }
      }
    }
  ]
}
