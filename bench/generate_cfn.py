#!/usr/bin/env python3
"""Writes realistic CloudFormation templates for benchmarks.

usage: generate_cfn.py template RESOURCES OUT.yaml   one template (500 is CloudFormation's limit)
       generate_cfn.py dir COUNT OUT_DIR             a directory of COUNT templates

Templates mix IAM roles (one with AWSSupportAccess), managed and inline policies, users,
groups, SAM functions, buckets and queues, with parameters, conditions and intrinsic
functions (Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Join) as hand-written templates have.
The directory holds YAML and JSON templates of varied sizes, most small and a few large,
as a monorepo of stacks does. Output is deterministic: the same arguments give the same
bytes.
"""
import json
import os
import random
import sys

SEED = 20261123


class Tag:
    """A YAML short-form intrinsic (`!Ref X`); written in long form in JSON."""

    def __init__(self, tag, value):
        self.tag, self.value = tag, value

    def long_form(self):
        if self.tag == "Ref":
            return {"Ref": self.value}
        if self.tag == "GetAtt":
            return {"Fn::GetAtt": self.value.split(".", 1)}
        return {f"Fn::{self.tag}": self.value}


def ref(name):
    return Tag("Ref", name)


def get_att(name):
    return Tag("GetAtt", name)


def sub(text):
    return Tag("Sub", text)


def statement(rng, actions, resource):
    return {"Effect": "Allow", "Action": actions, "Resource": resource}


def trust(service):
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]}


ACTIONS = [["s3:GetObject", "s3:PutObject"], ["sqs:SendMessage", "sqs:ReceiveMessage"],
           ["dynamodb:GetItem", "dynamodb:Query"], ["logs:CreateLogStream", "logs:PutLogEvents"],
           ["support:DescribeCases"], ["kms:Decrypt"], ["ec2:DescribeInstances"]]
MANAGED = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
           "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess"]


def resources(rng, count, stem, support_role):
    """`count` resources of a realistic mix; the first is the support role when asked."""
    out = {}
    roles, users, groups = [], [], []
    if support_role:
        out["SupportRole"] = {"Type": "AWS::IAM::Role", "Properties": {
            "RoleName": sub("${AWS::StackName}-support"),
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                 "Action": "sts:AssumeRole"}]},
            "ManagedPolicyArns": [sub("arn:${AWS::Partition}:iam::aws:policy/AWSSupportAccess")]}}
        roles.append("SupportRole")
    kinds = ["role", "role", "policy", "managed", "user", "group", "function", "bucket", "queue", "bucket_policy"]
    i = 0
    while len(out) < count:
        kind = rng.choice(kinds)
        name = f"{stem}{kind.title().replace('_', '')}{i}"
        i += 1
        if kind == "role":
            props = {"AssumeRolePolicyDocument": trust(rng.choice(["lambda.amazonaws.com", "ec2.amazonaws.com",
                                                                  "ecs-tasks.amazonaws.com"])),
                     "Path": "/app/", "Tags": [{"Key": "team", "Value": ref("Team")}]}
            if rng.random() < 0.5:
                props["ManagedPolicyArns"] = [rng.choice(MANAGED)]
            if rng.random() < 0.3:
                props["PermissionsBoundary"] = Tag("If", ["IsProd", sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/boundary"),
                                                          ref("AWS::NoValue")])
            res = {"Type": "AWS::IAM::Role", "Properties": props}
            if rng.random() < 0.1:
                res["Condition"] = "IsProd"
            out[name] = res
            roles.append(name)
        elif kind == "policy" and (roles or users or groups):
            props = {"PolicyName": sub("${AWS::StackName}-" + name),
                     "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                         statement(rng, rng.choice(ACTIONS), sub("arn:${AWS::Partition}:s3:::${BucketPrefix}-" + str(i) + "/*"))]}}
            if roles:
                props["Roles"] = [ref(rng.choice(roles))]
            if groups and rng.random() < 0.4:
                props["Groups"] = [ref(rng.choice(groups))]
            out[name] = {"Type": "AWS::IAM::Policy", "Properties": props}
        elif kind == "managed":
            props = {"Description": f"Access for {name}",
                     "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                         statement(rng, rng.choice(ACTIONS), "*") for _ in range(rng.randint(1, 4))]}}
            if roles:
                props["Roles"] = [ref(r) for r in rng.sample(roles, min(len(roles), rng.randint(1, 3)))]
            out[name] = {"Type": "AWS::IAM::ManagedPolicy", "Properties": props}
        elif kind == "user":
            props = {"Path": "/people/", "ManagedPolicyArns": [rng.choice(MANAGED)]}
            if groups:
                props["Groups"] = [ref(rng.choice(groups))]
            out[name] = {"Type": "AWS::IAM::User", "Properties": props}
            users.append(name)
        elif kind == "group":
            out[name] = {"Type": "AWS::IAM::Group", "Properties": {"Path": "/teams/",
                                                                     "ManagedPolicyArns": [rng.choice(MANAGED)]}}
            groups.append(name)
        elif kind == "function":
            props = {"Handler": "app.handler", "Runtime": "python3.12", "CodeUri": f"src/{name.lower()}/",
                     "MemorySize": rng.choice([128, 256, 512]), "Timeout": 30,
                     "Environment": {"Variables": {"TABLE": sub("${AWS::StackName}-table"), "STAGE": ref("Stage")}},
                     "Policies": ["AWSLambdaBasicExecutionRole", {"Version": "2012-10-17", "Statement": [
                         statement(rng, rng.choice(ACTIONS), "*")]}]}
            if roles and rng.random() < 0.3:
                props = dict(props)
                del props["Policies"]
                props["Role"] = get_att(rng.choice(roles) + ".Arn")
            out[name] = {"Type": "AWS::Serverless::Function", "Properties": props}
        elif kind == "bucket":
            out[name] = {"Type": "AWS::S3::Bucket", "Properties": {
                "BucketName": Tag("Join", ["-", [ref("BucketPrefix"), name.lower(), ref("AWS::Region")]]),
                "VersioningConfiguration": {"Status": Tag("If", ["IsProd", "Enabled", "Suspended"])},
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                    {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]},
                "Tags": [{"Key": "team", "Value": ref("Team")}]}}
        elif kind == "queue":
            out[name] = {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60,
                                                                    "MessageRetentionPeriod": 345600}}
        elif kind == "bucket_policy" and roles:
            out[name] = {"Type": "AWS::S3::BucketPolicy", "Properties": {
                "Bucket": sub("${BucketPrefix}-shared"),
                "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": get_att(rng.choice(roles) + ".Arn")},
                                                  "Action": "s3:GetObject", "Resource": sub("arn:${AWS::Partition}:s3:::${BucketPrefix}-shared/*")}]}}}
    return out


def template(rng, count, stem, support_role):
    body = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": f"{stem} stack (generated for benchmarks)",
        "Parameters": {"Stage": {"Type": "String", "AllowedValues": ["dev", "prod"], "Default": "dev"},
                       "Team": {"Type": "String", "Default": stem.lower()},
                       "BucketPrefix": {"Type": "String", "Default": f"{stem.lower()}-data"}},
        "Conditions": {"IsProd": Tag("Equals", [ref("Stage"), "prod"])},
        "Resources": resources(rng, count, stem, support_role),
    }
    names = list(body["Resources"])
    body["Outputs"] = {f"{n}Name": {"Value": ref(n)} for n in names[: min(10, len(names))]}
    return body


def long_form(value):
    if isinstance(value, Tag):
        return long_form(value.long_form())
    if isinstance(value, dict):
        return {k: long_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [long_form(v) for v in value]
    return value


def scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "null"
    return json.dumps(value)  # a JSON string is a valid YAML double-quoted scalar


def yaml_lines(value, indent):
    """Block-style YAML for `value` at `indent`, with short-form intrinsics."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines.extend(yaml_entry(f"{pad}{key}:", item, indent))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                # `- Key: value` with the mapping's other keys under the first.
                inner = yaml_lines(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.extend(yaml_entry(f"{pad}-", item, indent))
    return lines


def yaml_entry(head, item, indent):
    if isinstance(item, Tag):
        if isinstance(item.value, str) or item.tag in ("GetAtt",):
            return [f"{head} !{item.tag} {scalar(item.value)}"]
        return [f"{head} !{item.tag} {json.dumps(long_form(item.value))}"]
    if isinstance(item, (dict, list)) and item:
        return [head] + yaml_lines(item, indent + 2)
    if isinstance(item, dict):
        return [f"{head} {{}}"]
    if isinstance(item, list):
        return [f"{head} []"]
    return [f"{head} {scalar(item)}"]


def write(path, body, as_yaml):
    with open(path, "w") as f:
        if as_yaml:
            f.write("\n".join(yaml_lines(body, 0)) + "\n")
        else:
            json.dump(long_form(body), f, indent=2)
            f.write("\n")


def main():
    mode, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(SEED)
    if mode == "template":
        write(out, template(rng, size, "Platform", True), not out.endswith(".json"))
    elif mode == "dir":
        os.makedirs(out, exist_ok=True)
        for n in range(size):
            # Most stacks are small; a few are large, as in a real repository of stacks.
            count = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30]) if rng.random() < 0.9 else rng.randint(50, 200)
            as_yaml = rng.random() < 0.6
            name = os.path.join(out, f"stack{n:04d}.{'yaml' if as_yaml else 'json'}")
            write(name, template(rng, count, f"Stack{n}", n % 50 == 0), as_yaml)
    else:
        sys.exit(__doc__)


main()
