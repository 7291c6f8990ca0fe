#!/usr/bin/env python3
"""Writes a large, realistic `terraform show -json` plan for benchmarks.

usage: generate_plan.py [--iam-dense] [--pretty] RESOURCES OUT.json

By default the plan has one module per team (for_each instances of roles, policies and attachments,
some values known only after apply and resolved through configuration references) and
bulky non-IAM resources (buckets, instances) as real plans have, and in the root module a
support role whose AWSSupportAccess attachment names the role through a reference to a
value known only after apply. Written on one line, as `terraform show -json` writes it.
About 1.5 KB per resource; exactly RESOURCES resource changes. Deterministic: no
randomness, the same arguments give the same bytes.

--iam-dense: every module resource is IAM, as in an account-vending or identity
repository: per role a customer managed policy (its document pretty-printed, as an
`aws_iam_policy_document` data source renders it), the attachment of that policy and of
an AWS managed one, and an inline policy (compact, as `jsonencode` renders it); each
policy has three statements, two with conditions. About 1.7 KB per resource.

--pretty: written indented by two spaces (as `jq .` or `python -m json.tool` leave a plan)
instead of on one line.
"""
import json
import sys

AWS = "registry.terraform.io/hashicorp/aws"


def policy(team, i):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": f"Team{i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "support:DescribeCases"],
         "Resource": [f"arn:aws:s3:::{team}-bucket-{i}/*"]}]})


def dense_policy(team, i, pretty):
    """A customer policy of several statements; `pretty` renders it as the
    `aws_iam_policy_document` data source does (indented), else as `jsonencode` (compact)."""
    document = {"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadData", "Effect": "Allow",
         "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": f"arn:aws:s3:::{team}-data-{i}/*"},
        {"Sid": "Decrypt", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*",
         "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}},
        {"Sid": "DenyOutsideRegion", "Effect": "Deny", "NotAction": ["iam:*", "support:*"], "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}
    return json.dumps(document, indent=2) if pretty else json.dumps(document, separators=(",", ":"))


def trust(account):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}}]})


# The root module's configuration: the attachment's `role` is the support role's name, read
# through a reference (the plan leaves it unknown).
ROOT_CONFIG = [
    {"address": "aws_iam_role.support", "mode": "managed", "type": "aws_iam_role", "name": "support",
     "provider_config_key": "aws", "expressions": {"name": {"constant_value": "support"}}, "schema_version": 0},
    {"address": "aws_iam_role_policy_attachment.support", "mode": "managed", "type": "aws_iam_role_policy_attachment",
     "name": "support", "provider_config_key": "aws",
     "expressions": {"role": {"references": ["aws_iam_role.support.name", "aws_iam_role.support"]},
                     "policy_arn": {"constant_value": "arn:aws:iam::aws:policy/AWSSupportAccess"}},
     "schema_version": 0},
    {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
     "provider_config_key": "aws", "expressions": {"bucket_prefix": {"constant_value": "logs-"}},
     "count_expression": {"references": ["local.log_buckets"]}, "schema_version": 0},
]


def root_module(total):
    """The root module's resources: the support role, its attachment, and log buckets that
    bring the plan to exactly `total` resources. Returns planned values and changes."""
    role = {"name": "support", "path": "/", "assume_role_policy": trust("123456789012"), "max_session_duration": 3600,
            "description": "AWS Support access for incident responders", "permissions_boundary": None, "tags": None}
    entries = [("aws_iam_role", "support", None, role, {"arn": True, "id": True, "unique_id": True}),
               ("aws_iam_role_policy_attachment", "support", None,
                {"policy_arn": "arn:aws:iam::aws:policy/AWSSupportAccess"}, {"id": True, "role": True})]
    for i in range((total - 2) % 50):
        entries.append(("aws_s3_bucket", "logs", i, {"force_destroy": False, "tags": {"purpose": "logs"}},
                        {"arn": True, "bucket": True, "id": True}))
    resources, changes = [], []
    for typ, name, index, values, unknown in entries:
        addr = f"{typ}.{name}" if index is None else f"{typ}.{name}[{index}]"
        resource = {"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": AWS,
                    "schema_version": 0, "values": values, "sensitive_values": {}}
        change = {"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": AWS,
                  "change": {"actions": ["create"], "before": None, "after": values, "after_unknown": unknown,
                             "before_sensitive": False, "after_sensitive": {}}}
        if index is not None:
            resource["index"] = index
            change["index"] = index
        resources.append(resource)
        changes.append(change)
    return resources, changes


def dense_resources(t, team, i):
    """One role of a team and the IAM around it (five resources): (type, name, values,
    after_unknown) for each."""
    key = f"r{i}"
    role = {"name": f"{team}-{key}", "path": "/teams/", "assume_role_policy": trust(f"{100000000000 + t:012d}"),
            "max_session_duration": 3600, "description": f"{team} workload role {i}", "permissions_boundary": None,
            "force_detach_policies": False, "tags": {"team": team}}
    pol = {"name": f"{team}-{key}", "path": "/teams/", "policy": dense_policy(team, i, True),
           "description": "team access", "tags": {"team": team}}
    inline = {"name": f"{team}-{key}-inline", "role": f"{team}-{key}", "policy": dense_policy(team, i, False)}
    return [
        ("aws_iam_role", "this", role, {"arn": True, "id": True, "unique_id": True, "create_date": True}),
        ("aws_iam_policy", "this", pol, {"arn": True, "id": True, "policy_id": True, "attachment_count": True}),
        ("aws_iam_role_policy_attachment", "this", {"role": f"{team}-{key}"}, {"id": True, "policy_arn": True}),
        ("aws_iam_role_policy_attachment", "readonly",
         {"role": f"{team}-{key}", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {"id": True}),
        ("aws_iam_role_policy", "this", inline, {"id": True}),
    ]


def mixed_resources(t, team, i):
    """One role of a team, its policy and attachment, a bucket and an instance (five
    resources): (type, name, values, after_unknown) for each."""
    key = f"r{i}"
    role = {"name": f"{team}-{key}", "path": "/", "assume_role_policy": trust(f"{100000000000 + t:012d}"),
            "max_session_duration": 3600, "description": None, "permissions_boundary": None, "tags": {"team": team}}
    pol = {"name": f"{team}-{key}", "path": "/", "policy": policy(team, i), "description": "team access", "tags": None}
    att = {"role": f"{team}-{key}"}
    bucket = {"bucket": f"{team}-bucket-{i}", "force_destroy": False, "tags": {"team": team, "cost-center": "1234"},
              "object_lock_enabled": False}
    inst = {"ami": "ami-0123456789abcdef0", "instance_type": "t3.micro", "tags": {"Name": f"{team}-{i}"},
            "user_data": "#!/bin/bash\necho hello\n" * 8, "ebs_optimized": True,
            "root_block_device": [{"volume_size": 20, "volume_type": "gp3", "encrypted": True,
                                   "delete_on_termination": True, "iops": 3000, "throughput": 125}],
            "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required",
                                  "http_put_response_hop_limit": 1, "instance_metadata_tags": "disabled"}],
            "credit_specification": [], "vpc_security_group_ids": [f"sg-{t:08x}{i:09x}"],
            "subnet_id": f"subnet-{t:017x}", "monitoring": False, "source_dest_check": True}
    return [
        ("aws_iam_role", "this", role, {"arn": True, "id": True, "unique_id": True}),
        ("aws_iam_policy", "this", pol, {"arn": True, "id": True, "policy_id": True}),
        ("aws_iam_role_policy_attachment", "this", att, {"id": True, "policy_arn": True}),
        ("aws_s3_bucket", "this", bucket, {"arn": True, "id": True, "bucket_domain_name": True}),
        ("aws_instance", "this", inst, {"arn": True, "id": True, "private_ip": True, "public_ip": True}),
    ]


# The extra configuration of the team module in an IAM-dense plan: the AWS managed
# attachment and the inline policy, each naming its role through a reference.
DENSE_MODULE_CONFIG = [
    {"address": "aws_iam_role_policy_attachment.readonly", "mode": "managed", "type": "aws_iam_role_policy_attachment",
     "name": "readonly", "provider_config_key": "team:aws",
     "expressions": {"role": {"references": ["aws_iam_role.this", "each.key"]},
                     "policy_arn": {"constant_value": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
     "for_each_expression": {"references": ["var.roles"]}, "schema_version": 0},
    {"address": "aws_iam_role_policy.this", "mode": "managed", "type": "aws_iam_role_policy", "name": "this",
     "provider_config_key": "team:aws",
     "expressions": {"role": {"references": ["aws_iam_role.this", "each.key"]}},
     "for_each_expression": {"references": ["var.roles"]}, "schema_version": 0},
]


def main():
    args = sys.argv[1:]
    dense = "--iam-dense" in args
    pretty = "--pretty" in args
    positional = [arg for arg in args if arg not in ("--iam-dense", "--pretty")]
    if len(positional) != 2 or len(positional) + dense + pretty != len(args):
        sys.exit(__doc__)
    total, out = int(positional[0]), positional[1]
    team_resources = dense_resources if dense else mixed_resources
    per_team = 50  # resources per module instance
    root_resources, changes = root_module(total)
    teams = (total - len(root_resources)) // per_team
    modules = []
    for t in range(teams):
        team = f"team{t:04d}"
        maddr = f"module.team[\"{team}\"]"
        resources = []
        for i in range(per_team // 5):
            key = f"r{i}"
            for typ, name, values, unknown in team_resources(t, team, i):
                values["tags_all"] = dict(values.get("tags") or {}, environment="production", managed_by="terraform")
                addr = f"{maddr}.{typ}.{name}[\"{key}\"]"
                resources.append({"address": addr, "mode": "managed", "type": typ, "name": name, "index": key,
                                  "provider_name": AWS, "schema_version": 0, "values": values, "sensitive_values": {}})
                changes.append({"address": addr, "module_address": maddr, "mode": "managed", "type": typ, "name": name,
                                "index": key, "provider_name": AWS,
                                "change": {"actions": ["create"], "before": None, "after": values, "after_unknown": unknown,
                                           "before_sensitive": False, "after_sensitive": {}}})
        modules.append({"address": maddr, "resources": resources})
    module_config = {"resources": [
        {"address": "aws_iam_role.this", "mode": "managed", "type": "aws_iam_role", "name": "this",
         "provider_config_key": "team:aws", "expressions": {"name": {"references": ["each.key", "var.team"]}},
         "for_each_expression": {"references": ["var.roles"]}, "schema_version": 0},
        {"address": "aws_iam_policy.this", "mode": "managed", "type": "aws_iam_policy", "name": "this",
         "provider_config_key": "team:aws", "expressions": {}, "for_each_expression": {"references": ["var.roles"]}, "schema_version": 0},
        {"address": "aws_iam_role_policy_attachment.this", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "this",
         "provider_config_key": "team:aws",
         "expressions": {"role": {"references": ["aws_iam_role.this", "each.key"]},
                         "policy_arn": {"references": ["aws_iam_policy.this", "each.key"]}},
         "for_each_expression": {"references": ["var.roles"]}, "schema_version": 0}],
        "variables": {"team": {}, "roles": {}}}
    if dense:
        module_config["resources"] += DENSE_MODULE_CONFIG
    plan = {"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": {"root_module": {"resources": root_resources, "child_modules": modules}},
            "resource_changes": changes,
            "configuration": {"root_module": {"resources": ROOT_CONFIG,
                                              "module_calls": {"team": {"source": "./modules/team",
                                                                         "for_each_expression": {"references": ["local.teams"]},
                                                                         "module": module_config}}}},
            "timestamp": "2026-11-20T09:14:03Z", "applyable": True, "complete": True, "errored": False}
    with open(out, "w") as f:
        if pretty:
            json.dump(plan, f, indent=2)
        else:
            json.dump(plan, f, separators=(",", ":"))


main()
