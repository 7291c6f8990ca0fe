#!/usr/bin/env python3
"""Writes a realistic Terraform repository of exactly N `.tf` files, for benchmarks.

usage: generate_tf.py N DIR     (N >= 45; DIR must be empty or absent)

The repository is laid out as platform teams lay theirs out:

- `modules/<name>/` shared modules (`versions.tf`, `variables.tf`, `main.tf`, `outputs.tf`,
  some with a `data.tf`): IAM roles with trust documents built by `dynamic "statement"`,
  customer policies from `aws_iam_policy_document` or `jsonencode`, attachments with
  `for_each` over maps and sets and `count`, a CIS support role with AWSSupportAccess,
  Lambda services with their roles, log groups and queues, S3 buckets with bucket policies,
  team groups and users, ECS task roles and Support App roles;
- `envs/<environment>/<stack>/` root modules (`versions.tf` with an S3 backend and the
  provider, `variables.tf`, `locals.tf`, `main.tf` calling the modules with `for_each` and
  `count`, `outputs.tf`, and some `iam.tf` / `data.tf`), each with a `terraform.tfvars`
  (not counted among the N files) that sets its variables.

A few stacks carry the mistakes the scanners look for (a support role that trusts
everyone, AWSSupportAccess on users). Output is deterministic: the same arguments give the
same bytes. Python 3.8+, standard library only.
"""

import os
import random
import sys

SEED = 20261202
MIN_FILES = 45
ENVIRONMENTS = ["dev", "staging", "prod", "sandbox", "qa", "perf", "shared", "security"]
SERVICES = [
    "payments", "checkout", "catalog", "search", "billing", "identity", "notifications",
    "reporting", "ingest", "analytics", "orders", "inventory", "shipping", "pricing",
    "recommendations", "media", "gateway", "audit", "ledger", "support-tools",
]
SERVICE_PRINCIPALS = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com"]
MANAGED = [
    "ReadOnlyAccess", "CloudWatchReadOnlyAccess", "AmazonS3ReadOnlyAccess",
    "AmazonSQSReadOnlyAccess", "service-role/AWSLambdaBasicExecutionRole",
    "job-function/ViewOnlyAccess", "SecurityAudit", "AmazonDynamoDBReadOnlyAccess",
]
ACTIONS = [
    ["s3:GetObject", "s3:PutObject"], ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
    ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], ["kms:Decrypt", "kms:GenerateDataKey"],
    ["logs:CreateLogStream", "logs:PutLogEvents"], ["secretsmanager:GetSecretValue"],
    ["sns:Publish"], ["ssm:GetParameter", "ssm:GetParametersByPath"],
]


def fill(template, **values):
    """The template with every `@KEY@` replaced (HCL is full of braces, so no str.format)."""
    for key, value in values.items():
        template = template.replace(f"@{key.upper()}@", str(value))
    return template


def hcl_list(items):
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


MODULE_VERSIONS = """terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}
"""


def module_iam_role(rng):
    variables = """variable "name" {
  description = "Name of the role."
  type        = string
}

variable "path" {
  type    = string
  default = "/"
}

variable "trusted_principals" {
  description = "IAM principals (accounts, roles) allowed to assume the role."
  type        = list(string)
  default     = []
}

variable "trusted_services" {
  description = "AWS service principals allowed to assume the role."
  type        = list(string)
  default     = []
}

variable "require_mfa" {
  type    = bool
  default = false
}

variable "managed_policy_arns" {
  description = "Policies to attach, by a static key."
  type        = map(string)
  default     = {}
}

variable "inline_policies" {
  description = "Inline policy documents (JSON) by name."
  type        = map(string)
  default     = {}
}

variable "permissions_boundary" {
  type    = string
  default = null
}

variable "max_session_duration" {
  type    = number
  default = 3600
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""
    main = """data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = length(var.trusted_principals) > 0 ? [var.trusted_principals] : []
    content {
      sid     = "Principals"
      actions = ["sts:AssumeRole", "sts:TagSession"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
      dynamic "condition" {
        for_each = var.require_mfa ? [true] : []
        content {
          test     = "Bool"
          variable = "aws:MultiFactorAuthPresent"
          values   = ["true"]
        }
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.trusted_services) > 0 ? [var.trusted_services] : []
    content {
      sid     = "Services"
      actions = ["sts:AssumeRole"]
      principals {
        type        = "Service"
        identifiers = statement.value
      }
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  path                 = var.path
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  permissions_boundary = var.permissions_boundary
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each = var.managed_policy_arns

  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_role_policy" "this" {
  for_each = var.inline_policies

  name   = each.key
  role   = aws_iam_role.this.id
  policy = each.value
}
"""
    outputs = """output "arn" {
  description = "ARN of the role."
  value       = aws_iam_role.this.arn
}

output "name" {
  value = aws_iam_role.this.name
}

output "unique_id" {
  value = aws_iam_role.this.unique_id
}
"""
    return {"variables.tf": variables, "main.tf": main, "outputs.tf": outputs}


def module_iam_policy(rng):
    variables = """variable "name" {
  type = string
}

variable "description" {
  type    = string
  default = "Managed by Terraform"
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

variable "attach_to_roles" {
  type    = list(string)
  default = []
}
"""
    main = """data "aws_iam_policy_document" "this" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid         = statement.value.sid
      effect      = statement.value.effect
      actions     = statement.value.actions
      not_actions = statement.value.not_actions
      resources   = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_policy" "this" {
  name        = var.name
  description = var.description
  policy      = data.aws_iam_policy_document.this.json
}

resource "aws_iam_role_policy_attachment" "this" {
  count = length(var.attach_to_roles)

  role       = var.attach_to_roles[count.index]
  policy_arn = aws_iam_policy.this.arn
}
"""
    outputs = """output "arn" {
  value = aws_iam_policy.this.arn
}

output "json" {
  value = data.aws_iam_policy_document.this.json
}
"""
    return {"variables.tf": variables, "main.tf": main, "outputs.tf": outputs}


def module_support_role(rng):
    variables = """variable "name" {
  description = "Name of the role for managing incidents with AWS Support (CIS 1.17)."
  type        = string
  default     = "cis-support"
}

variable "trusted_principals" {
  description = "Principals allowed to assume the role; the account root when empty."
  type        = list(string)
  default     = []
}

variable "extra_policy_arns" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""
    data = """data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}
"""
    main = """locals {
  partition    = data.aws_partition.current.partition
  account_root = "arn:${local.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
  trusted      = length(var.trusted_principals) > 0 ? var.trusted_principals : [local.account_root]
  policy_arns  = concat(["arn:${local.partition}:iam::aws:policy/AWSSupportAccess"], var.extra_policy_arns)
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.trusted }
      Action    = "sts:AssumeRole"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  count = length(local.policy_arns)

  role       = aws_iam_role.this.name
  policy_arn = local.policy_arns[count.index]
}
"""
    outputs = """output "arn" {
  value = aws_iam_role.this.arn
}

output "name" {
  value = aws_iam_role.this.name
}
"""
    return {"variables.tf": variables, "data.tf": data, "main.tf": main, "outputs.tf": outputs}


def module_lambda_service(rng):
    timeout = rng.choice([10, 30, 60, 300])
    memory = rng.choice([128, 256, 512, 1024])
    variables = """variable "name" {
  type = string
}

variable "environment" {
  type = string
}

variable "package" {
  description = "Path of the deployment package."
  type        = string
  default     = "build/function.zip"
}

variable "runtime" {
  type    = string
  default = "python3.12"
}

variable "environment_variables" {
  type    = map(string)
  default = {}
}

variable "queue_enabled" {
  type    = bool
  default = true
}

variable "extra_statements" {
  description = "Further IAM statements of the function's role."
  type = list(object({
    actions   = list(string)
    resources = list(string)
  }))
  default = []
}

variable "log_retention_days" {
  type    = number
  default = 30
}
"""
    main = fill("""locals {
  function_name = "${var.environment}-${var.name}"
}

resource "aws_iam_role" "function" {
  name = "${local.function_name}-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_cloudwatch_log_group" "function" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_sqs_queue" "dead_letter" {
  count = var.queue_enabled ? 1 : 0

  name                      = "${local.function_name}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "this" {
  count = var.queue_enabled ? 1 : 0

  name                       = "${local.function_name}-queue"
  visibility_timeout_seconds = @TIMEOUT@ * 6
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[0].arn
    maxReceiveCount     = 5
  })
}

resource "aws_iam_role_policy" "function" {
  name = "runtime"
  role = aws_iam_role.function.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid      = "Logs"
          Effect   = "Allow"
          Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
          Resource = "${aws_cloudwatch_log_group.function.arn}:*"
        },
      ],
      var.queue_enabled ? [
        {
          Sid      = "Queue"
          Effect   = "Allow"
          Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
          Resource = aws_sqs_queue.this[0].arn
        },
      ] : [],
      [for index, statement in var.extra_statements : {
        Sid      = "Extra${index}"
        Effect   = "Allow"
        Action   = statement.actions
        Resource = statement.resources
      }],
    )
  })
}

resource "aws_lambda_function" "this" {
  function_name    = local.function_name
  role             = aws_iam_role.function.arn
  handler          = "app.handler"
  runtime          = var.runtime
  filename         = var.package
  source_code_hash = filebase64sha256(var.package)
  timeout          = @TIMEOUT@
  memory_size      = @MEMORY@

  environment {
    variables = merge(var.environment_variables, { ENVIRONMENT = var.environment })
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.function]
}

resource "aws_lambda_event_source_mapping" "queue" {
  count = var.queue_enabled ? 1 : 0

  event_source_arn = aws_sqs_queue.this[0].arn
  function_name    = aws_lambda_function.this.arn
  batch_size       = 10
}
""", timeout=timeout, memory=memory)
    outputs = """output "function_arn" {
  value = aws_lambda_function.this.arn
}

output "role_arn" {
  value = aws_iam_role.function.arn
}

output "queue_url" {
  value = one(aws_sqs_queue.this[*].url)
}
"""
    return {"variables.tf": variables, "main.tf": main, "outputs.tf": outputs}


def module_s3_bucket(rng):
    variables = """variable "bucket" {
  type = string
}

variable "readers" {
  description = "Role ARNs allowed to read the bucket."
  type        = list(string)
  default     = []
}

variable "versioning" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
"""
    main = """resource "aws_s3_bucket" "this" {
  bucket = var.bucket
  tags   = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "${aws_s3_bucket.this.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = length(var.readers) > 0 ? [var.readers] : []
    content {
      sid       = "Readers"
      actions   = ["s3:GetObject", "s3:ListBucket"]
      resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      principals {
        type        = "AWS"
        identifiers = statement.value
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.bucket.json
}
"""
    outputs = """output "arn" {
  value = aws_s3_bucket.this.arn
}

output "id" {
  value = aws_s3_bucket.this.id
}
"""
    return {"variables.tf": variables, "main.tf": main, "outputs.tf": outputs}


def module_team_access(rng):
    variables = """variable "team" {
  type = string
}

variable "members" {
  description = "IAM user names of the team."
  type        = list(string)
  default     = []
}

variable "group_policies" {
  description = "AWS managed policies (name after policy/) for the team's group."
  type        = set(string)
  default     = ["job-function/ViewOnlyAccess"]
}

variable "create_users" {
  type    = bool
  default = false
}
"""
    data = """data "aws_partition" "current" {}
"""
    main = """resource "aws_iam_group" "this" {
  name = "team-${var.team}"
  path = "/teams/"
}

resource "aws_iam_group_policy_attachment" "this" {
  for_each = var.group_policies

  group      = aws_iam_group.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/${each.value}"
}

resource "aws_iam_user" "member" {
  count = var.create_users ? length(var.members) : 0

  name          = var.members[count.index]
  path          = "/people/"
  force_destroy = true
}

resource "aws_iam_group_membership" "this" {
  count = var.create_users && length(var.members) > 0 ? 1 : 0

  name  = "team-${var.team}-members"
  group = aws_iam_group.this.name
  users = aws_iam_user.member[*].name
}
"""
    outputs = """output "group_name" {
  value = aws_iam_group.this.name
}

output "user_arns" {
  value = aws_iam_user.member[*].arn
}
"""
    return {"variables.tf": variables, "data.tf": data, "main.tf": main, "outputs.tf": outputs}


def module_ecs_task_roles(rng):
    variables = """variable "service" {
  type = string
}

variable "environment" {
  type = string
}

variable "secrets_arns" {
  type    = list(string)
  default = []
}

variable "task_statements" {
  type = map(object({
    actions   = list(string)
    resources = list(string)
  }))
  default = {}
}
"""
    main = """data "aws_iam_policy_document" "ecs_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.environment}-${var.service}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_trust.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  count = length(var.secrets_arns) > 0 ? 1 : 0

  name = "secrets"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = var.secrets_arns
    }]
  })
}

resource "aws_iam_role" "task" {
  name               = "${var.environment}-${var.service}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_trust.json
}

data "aws_iam_policy_document" "task" {
  dynamic "statement" {
    for_each = var.task_statements
    content {
      sid       = replace(title(replace(statement.key, "-", " ")), " ", "")
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "task" {
  count = length(var.task_statements) > 0 ? 1 : 0

  name   = "task"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
"""
    outputs = """output "execution_role_arn" {
  value = aws_iam_role.execution.arn
}

output "task_role_arn" {
  value = aws_iam_role.task.arn
}
"""
    return {"variables.tf": variables, "main.tf": main, "outputs.tf": outputs}


def module_support_app(rng):
    variables = """variable "role_name" {
  type    = string
  default = "AWSSupportAppSlackChannelRole"
}

variable "least_privilege" {
  description = "The App's documented policy inline instead of AWSSupportAppFullAccess."
  type        = bool
  default     = true
}
"""
    data = """data "aws_partition" "current" {}
"""
    main = """resource "aws_iam_role" "this" {
  name = var.role_name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "supportapp.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "full_access" {
  count = var.least_privilege ? 0 : 1

  role       = aws_iam_role.this.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSSupportAppFullAccess"
}

data "aws_iam_policy_document" "app" {
  statement {
    sid = "SupportApp"
    actions = [
      "servicequotas:GetRequestedServiceQuotaChange",
      "servicequotas:GetServiceQuota",
      "servicequotas:RequestServiceQuotaIncrease",
      "support:AddAttachmentsToSet",
      "support:AddCommunicationToCase",
      "support:CreateCase",
      "support:DescribeCases",
      "support:DescribeCommunications",
      "support:DescribeSeverityLevels",
      "support:InitiateChatForCase",
      "support:ResolveCase",
    ]
    resources = ["*"]
  }
  statement {
    sid       = "ServiceQuotasLinkedRole"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:AWSServiceName"
      values   = ["servicequotas.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "app" {
  count = var.least_privilege ? 1 : 0

  name   = "support-app"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.app.json
}
"""
    outputs = """output "role_arn" {
  value = aws_iam_role.this.arn
}
"""
    return {"variables.tf": variables, "data.tf": data, "main.tf": main, "outputs.tf": outputs}


MODULE_KINDS = [
    ("iam-role", module_iam_role),
    ("iam-policy", module_iam_policy),
    ("lambda-service", module_lambda_service),
    ("s3-bucket", module_s3_bucket),
    ("ecs-task-roles", module_ecs_task_roles),
    ("team-access", module_team_access),
    ("support-role", module_support_role),
    ("support-app", module_support_app),
]


def root_versions(env, stack):
    return fill("""terraform {
  required_version = ">= 1.5"

  backend "s3" {
    bucket         = "example-corp-terraform-state"
    key            = "@ENV@/@STACK@/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}
""", env=env, stack=stack)


def root_variables(rng):
    return """variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "environment" {
  type = string
}

variable "team" {
  type = string
}

variable "trusted_account_ids" {
  description = "Accounts whose roles may assume this stack's roles."
  type        = list(string)
  default     = []
}

variable "services" {
  description = "Services of the stack, with their settings."
  type = map(object({
    memory      = optional(number, 256)
    queue       = optional(bool, true)
    data_access = optional(list(string), [])
  }))
  default = {}
}

variable "enable_support_app" {
  type    = bool
  default = false
}

variable "oncall_users" {
  type    = list(string)
  default = []
}
"""


def root_tfvars(rng, env, stack, services, accounts):
    lines = [f'environment = "{env}"', f'team        = "{stack}"', ""]
    lines.append("trusted_account_ids = " + hcl_list(accounts))
    lines.append("")
    lines.append("services = {")
    for service in services:
        lines.append(f"  {service} = {{")
        lines.append(f"    memory      = {rng.choice([128, 256, 512, 1024])}")
        lines.append(f"    queue       = {str(rng.random() < 0.7).lower()}")
        lines.append("    data_access = " + hcl_list(rng.sample(["orders", "customers", "events", "audit"], rng.randint(0, 2))))
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def root_locals(env, stack):
    return fill("""locals {
  name_prefix = "@ENV@-@STACK@"
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition

  tags = {
    Environment = var.environment
    Team        = var.team
    Stack       = "@STACK@"
    ManagedBy   = "terraform"
  }

  trusted_roots = [for id in var.trusted_account_ids : "arn:${local.partition}:iam::${id}:root"]

  data_buckets = toset(flatten([for name, service in var.services : service.data_access]))
}
""", env=env, stack=stack)


def root_data():
    return """data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}
"""


def root_main(rng, modules, index):
    """Module calls of one stack; `modules` maps kind to the module directories of that kind."""

    def source(kind):
        return f"../../../modules/{rng.choice(modules[kind])}"

    blocks = []
    blocks.append(fill("""module "service" {
  source   = "@SOURCE@"
  for_each = var.services

  name                  = each.key
  environment           = var.environment
  queue_enabled         = each.value.queue
  environment_variables = { TEAM = var.team, REGION = data.aws_region.current.name }
  extra_statements = [for bucket in each.value.data_access : {
    actions   = ["s3:GetObject"]
    resources = ["arn:${local.partition}:s3:::${local.name_prefix}-${bucket}/*"]
  }]
}
""", source=source("lambda-service")))
    blocks.append(fill("""module "data_bucket" {
  source   = "@SOURCE@"
  for_each = local.data_buckets

  bucket  = "${local.name_prefix}-${each.key}"
  readers = [for name, service in module.service : service.role_arn]
  tags    = { DataSet = each.key }
}
""", source=source("s3-bucket")))
    if rng.random() < 0.6:
        blocks.append(fill("""module "operator_role" {
  source = "@SOURCE@"

  name               = "${local.name_prefix}-operator"
  trusted_principals = concat(local.trusted_roots, ["arn:${local.partition}:iam::${local.account_id}:root"])
  require_mfa        = true
  managed_policy_arns = {
    read = "arn:${local.partition}:iam::aws:policy/@MANAGED@"
  }
  inline_policies = {
    runbook = module.runbook_policy.json
  }
}

module "runbook_policy" {
  source = "@POLICY@"

  name = "${local.name_prefix}-runbook"
  statements = [
    {
      sid       = "Operate"
      actions   = @ACTIONS@
      resources = ["*"]
    },
    {
      sid         = "DenyOutsideRegion"
      effect      = "Deny"
      not_actions = ["iam:*", "sts:*", "support:*", "cloudfront:*"]
      conditions = [{
        test     = "StringNotEquals"
        variable = "aws:RequestedRegion"
        values   = [var.region]
      }]
    },
  ]
}
""", source=source("iam-role"), policy=source("iam-policy"), managed=rng.choice(MANAGED),
            actions=hcl_list(rng.choice(ACTIONS))))
    if rng.random() < 0.4:
        blocks.append(fill("""module "tasks" {
  source = "@SOURCE@"

  service     = var.team
  environment = var.environment
  task_statements = {
    for name, service in var.services : name => {
      actions   = @ACTIONS@
      resources = ["arn:${local.partition}:sqs:${var.region}:${local.account_id}:${var.environment}-${name}-queue"]
    }
  }
}
""", source=source("ecs-task-roles"), actions=hcl_list(rng.choice(ACTIONS))))
    if rng.random() < 0.3:
        blocks.append(fill("""module "team" {
  source = "@SOURCE@"

  team           = var.team
  members        = var.oncall_users
  group_policies = toset(["job-function/ViewOnlyAccess", "@MANAGED@"])
}
""", source=source("team-access"), managed=rng.choice(MANAGED)))
    if index % 25 == 0:
        blocks.append(fill("""module "support" {
  source = "@SOURCE@"

  name               = "${local.name_prefix}-support"
  trusted_principals = local.trusted_roots
}

module "support_app" {
  source = "@APP@"
  count  = var.enable_support_app ? 1 : 0

  role_name = "${local.name_prefix}-support-app"
}
""", source=source("support-role"), app=source("support-app")))
    return "\n".join(blocks)


def root_iam(rng, index):
    """Roles written in the stack itself, as every repository also has."""
    service = rng.choice(SERVICE_PRINCIPALS)
    actions = rng.choice(ACTIONS)
    text = fill("""resource "aws_iam_role" "worker" {
  name = "${local.name_prefix}-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "@SERVICE@" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_iam_policy" "worker" {
  name = "${local.name_prefix}-worker"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = @ACTIONS@
      Resource = format("arn:%s:*:%s:%s:*", local.partition, var.region, local.account_id)
    }]
  })
}

resource "aws_iam_role_policy_attachment" "worker" {
  for_each = {
    own  = aws_iam_policy.worker.arn
    logs = "arn:${local.partition}:iam::aws:policy/CloudWatchLogsReadOnlyAccess"
  }

  role       = aws_iam_role.worker.name
  policy_arn = each.value
}
""", service=service, actions=hcl_list(actions))
    if index % 40 == 7:
        # The mistakes the scanners look for: a support role anyone may assume, and
        # AWSSupportAccess on users.
        text += """
resource "aws_iam_role" "break_glass" {
  name = "${local.name_prefix}-break-glass"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "break_glass" {
  role       = aws_iam_role.break_glass.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
}

resource "aws_iam_user_policy_attachment" "oncall" {
  count = length(var.oncall_users)

  user       = var.oncall_users[count.index]
  policy_arn = "arn:${local.partition}:iam::aws:policy/AWSSupportAccess"
}
"""
    return text


def root_outputs():
    return """output "service_role_arns" {
  value = { for name, service in module.service : name => service.role_arn }
}

output "bucket_arns" {
  value = [for bucket in module.data_bucket : bucket.arn]
}
"""


def root_extra(rng, number):
    """One more file of a stack (alarms and the like), to reach the exact file count."""
    return fill("""resource "aws_cloudwatch_log_group" "extra_@N@" {
  name              = "/example-corp/${local.name_prefix}/extra-@N@"
  retention_in_days = @DAYS@
}

resource "aws_sns_topic" "extra_@N@" {
  name = "${local.name_prefix}-alerts-@N@"
}
""", n=number, days=rng.choice([7, 14, 30, 90]))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def generate(total, out):
    rng = random.Random(SEED)
    written = 0
    # Shared modules: about 4 % of the directories, 4 or 5 files each.
    module_count = max(len(MODULE_KINDS), total // 25)
    modules = {kind: [] for kind, _ in MODULE_KINDS}
    for number in range(module_count):
        kind, make = MODULE_KINDS[number % len(MODULE_KINDS)]
        generation = number // len(MODULE_KINDS)
        name = kind if generation == 0 else f"{kind}-v{generation + 1}"
        files = {"versions.tf": MODULE_VERSIONS, **make(rng)}
        if written + len(files) > total - 5:
            break
        for file, text in files.items():
            write(os.path.join(out, "modules", name, file), text)
        written += len(files)
        modules[kind].append(name)
    # Root modules fill the rest, each with 5 to 7 files; the last takes the remainder.
    index = 0
    while written < total:
        env = ENVIRONMENTS[index % len(ENVIRONMENTS)]
        stack = f"{SERVICES[(index // len(ENVIRONMENTS)) % len(SERVICES)]}"
        generation = index // (len(ENVIRONMENTS) * len(SERVICES))
        if generation:
            stack = f"{stack}-{generation + 1}"
        directory = os.path.join(out, "envs", env, stack)
        services = rng.sample(["api", "worker", "scheduler", "consumer", "exporter", "webhook"], rng.randint(1, 3))
        accounts = [f"{rng.randrange(10**11, 10**12)}" for _ in range(rng.randint(0, 2))]
        files = {
            "versions.tf": root_versions(env, stack),
            "variables.tf": root_variables(rng),
            "data.tf": root_data(),
            "locals.tf": root_locals(env, stack),
            "main.tf": root_main(rng, modules, index),
        }
        if rng.random() < 0.8:
            files["iam.tf"] = root_iam(rng, index)
        if rng.random() < 0.7:
            files["outputs.tf"] = root_outputs()
        left = total - written
        if left - len(files) < 5:
            # Too few files left for another stack: this one takes them all.
            for number in range(left - len(files)):
                files[f"extra-{number + 1}.tf"] = root_extra(rng, number + 1)
        while len(files) > left:
            files.popitem()
        for file, text in files.items():
            write(os.path.join(directory, file), text)
        write(os.path.join(directory, "terraform.tfvars"), root_tfvars(rng, env, stack, services, accounts))
        written += len(files)
        index += 1
    return written, sum(len(names) for names in modules.values()), index


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or int(sys.argv[1]) < MIN_FILES:
        sys.exit(__doc__.splitlines()[2])
    total, out = int(sys.argv[1]), sys.argv[2]
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"{out} is not empty")
    files, module_count, roots = generate(total, out)
    print(f"wrote {files} .tf files: {module_count} modules, {roots} root modules, in {out}")


if __name__ == "__main__":
    main()
