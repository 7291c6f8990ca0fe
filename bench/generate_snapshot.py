#!/usr/bin/env python3
"""Writes a large, realistic `aws iam get-account-authorization-details` snapshot for
benchmarks.

usage: generate_snapshot.py [--encoded] [ROLES POLICIES ATTACHMENTS] OUT.json

Defaults: 5,000 roles, 2,000 customer managed policies, 10,000 managed policy
attachments (spread over the roles, 400 users and 40 groups), as the AWS CLI v2 prints
them: indented by four spaces, documents decoded into objects. Each role has a trust
policy (AWS services, the account root with MFA, partner accounts with an external ID,
or SAML federation), tags, its last use, and every fifth an instance profile (which
repeats the role, as the API does) or an inline policy; service-linked roles live under
/aws-service-role/. Each customer policy has one to four versions, of which one is the
default; 60 AWS managed policies that the account attaches are listed with their
(long) documents, as the API lists them. The account has one support role (AWSSupportAccess)
and AWSServiceRoleForSupport.

--encoded: documents URL-encoded strings, as the IAM API and raw SDK dumps give them.

Deterministic: no randomness, the same arguments give the same bytes.
"""
import json
import sys
import urllib.parse

ACCOUNT = "111122223333"
SERVICES = ["ec2", "lambda", "ecs-tasks", "states", "glue", "sagemaker", "codebuild", "events"]
AWS_POLICIES = [
    "ReadOnlyAccess", "AmazonS3ReadOnlyAccess", "CloudWatchAgentServerPolicy",
    "service-role/AWSLambdaBasicExecutionRole", "AmazonSSMManagedInstanceCore",
    "AmazonEC2ContainerRegistryReadOnly", "AWSXRayDaemonWriteAccess", "SecurityAudit",
    "AmazonDynamoDBReadOnlyAccess", "service-role/AmazonECSTaskExecutionRolePolicy",
]


def encode(document, encoded):
    if not encoded:
        return document
    return urllib.parse.quote(json.dumps(document, separators=(",", ":")), safe="")


def trust(i):
    kind = i % 4
    if kind == 0:
        statement = {"Effect": "Allow", "Principal": {"Service": f"{SERVICES[i % len(SERVICES)]}.amazonaws.com"},
                     "Action": "sts:AssumeRole"}
    elif kind == 1:
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                     "Action": "sts:AssumeRole", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
    elif kind == 2:
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{200000000000 + i % 97:012d}:root"},
                     "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": f"partner-{i % 97}"}}}
    else:
        statement = {"Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/corp-idp"},
                     "Action": "sts:AssumeRoleWithSAML",
                     "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}
    return {"Version": "2012-10-17", "Statement": [statement]}


def customer_document(i, version):
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadData", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": [f"arn:aws:s3:::team-{i % 50}-data-v{version}", f"arn:aws:s3:::team-{i % 50}-data-v{version}/*"],
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": f"team-{i % 50}"}}},
        {"Sid": "Queues", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
         "Resource": f"arn:aws:sqs:us-east-1:{ACCOUNT}:team-{i % 50}-*"},
        {"Sid": "DenyOutsideRegions", "Effect": "Deny", "NotAction": ["iam:*", "support:*", "sts:*"],
         "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
    ]}


def aws_document(j):
    actions = [f"{service}:{verb}{thing}" for service in ("ec2", "s3", "rds", "iam", "logs", "sns")
               for verb in ("Describe", "Get", "List") for thing in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon")]
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": f"Statement{k}", "Effect": "Allow", "Action": actions, "Resource": "*"} for k in range(1 + j % 4)]}


def managed(arn):
    return {"PolicyName": arn.rsplit("/", 1)[1], "PolicyArn": arn}


def main(argv):
    encoded = "--encoded" in argv
    args = [a for a in argv if a != "--encoded"]
    if len(args) == 4:
        roles, policies, attachments = map(int, args[:3])
    elif len(args) == 1:
        roles, policies, attachments = 5000, 2000, 10000
    else:
        sys.exit(__doc__)
    out = args[-1]
    customer = [f"arn:aws:iam::{ACCOUNT}:policy/teams/team-policy-{i:05d}" for i in range(policies)]
    aws = [f"arn:aws:iam::aws:policy/{name}" for name in AWS_POLICIES]
    users_n, groups_n = 400, 40
    holders = roles + users_n + groups_n
    # Attachments round-robin over the holders; every third is an AWS managed policy.
    attached = [[] for _ in range(holders)]
    for a in range(attachments):
        arn = aws[a % len(aws)] if a % 3 == 0 else customer[(a * 7) % policies]
        attached[a % holders].append(managed(arn))

    def inline(i):
        return [{"PolicyName": f"inline-{i}", "PolicyDocument": encode(customer_document(i, 1), encoded)}]

    users = [{"Path": "/people/", "UserName": f"user-{i:04d}", "UserId": f"AIDA{i:016d}",
              "Arn": f"arn:aws:iam::{ACCOUNT}:user/people/user-{i:04d}", "CreateDate": "2021-05-04T10:11:12+00:00",
              "UserPolicyList": inline(i) if i % 10 == 0 else [], "GroupList": [f"group-{i % groups_n:02d}"],
              "AttachedManagedPolicies": attached[roles + i], "Tags": [{"Key": "team", "Value": f"team-{i % 50}"}]}
             for i in range(users_n)]
    groups = [{"Path": "/", "GroupName": f"group-{i:02d}", "GroupId": f"AGPA{i:016d}",
               "Arn": f"arn:aws:iam::{ACCOUNT}:group/group-{i:02d}", "CreateDate": "2021-05-04T10:11:12+00:00",
               "GroupPolicyList": inline(i) if i % 4 == 0 else [], "AttachedManagedPolicies": attached[roles + users_n + i]}
              for i in range(groups_n)]
    role_list = []
    for i in range(roles):
        if i == 0:
            name, path = "AWSServiceRoleForSupport", "/aws-service-role/support.amazonaws.com/"
            document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "support.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            attached[i] = [managed("arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy")]
        elif i == 1:
            name, path, document = "SupportResponders", "/", trust(1)
            attached[i].append(managed("arn:aws:iam::aws:policy/AWSSupportAccess"))
        elif i % 50 == 2:
            service = SERVICES[i % len(SERVICES)]
            name, path = f"AWSServiceRoleFor{service.title()}{i}", f"/aws-service-role/{service}.amazonaws.com/"
            document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": f"{service}.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        else:
            name, path, document = f"app-role-{i:05d}", "/apps/", trust(i)
        arn = f"arn:aws:iam::{ACCOUNT}:role{path}{name}"
        role = {"Path": path, "RoleName": name, "RoleId": f"AROA{i:016d}", "Arn": arn,
                "CreateDate": "2022-08-09T10:11:12+00:00", "AssumeRolePolicyDocument": encode(document, encoded),
                "InstanceProfileList": [], "RolePolicyList": inline(i) if i % 5 == 3 else [],
                "AttachedManagedPolicies": attached[i],
                "Tags": [{"Key": "owner", "Value": f"team-{i % 50}"}, {"Key": "cost-center", "Value": f"cc-{i % 13}"}],
                "RoleLastUsed": {"LastUsedDate": "2024-10-01T08:09:10+00:00", "Region": "us-east-1"} if i % 3 else {}}
        if i % 5 == 4:
            role["InstanceProfileList"] = [{"Path": path, "InstanceProfileName": name, "InstanceProfileId": f"AIPA{i:016d}",
                                            "Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile{path}{name}",
                                            "CreateDate": "2022-08-09T10:11:12+00:00",
                                            "Roles": [{"Path": path, "RoleName": name, "RoleId": f"AROA{i:016d}", "Arn": arn,
                                                       "CreateDate": "2022-08-09T10:11:12+00:00",
                                                       "AssumeRolePolicyDocument": encode(document, encoded)}]}]
        if i % 7 == 5:
            role["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": customer[0]}
        role_list.append(role)
    policy_list = []
    for i, arn in enumerate(customer):
        count = 1 + i % 4
        versions = [{"Document": encode(customer_document(i, v), encoded), "VersionId": f"v{v}",
                     "IsDefaultVersion": v == count, "CreateDate": "2023-01-02T03:04:05+00:00"}
                    for v in range(1, count + 1)]
        policy_list.append({"PolicyName": arn.rsplit("/", 1)[1], "PolicyId": f"ANPA{i:016d}", "Arn": arn,
                            "Path": "/teams/", "DefaultVersionId": f"v{count}", "AttachmentCount": 5,
                            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                            "CreateDate": "2023-01-02T03:04:05+00:00", "UpdateDate": "2024-01-02T03:04:05+00:00",
                            "PolicyVersionList": versions})
    for j in range(60):
        key = AWS_POLICIES[j] if j < len(AWS_POLICIES) else f"service-role/AWSExampleServicePolicy{j}"
        policy_list.append({"PolicyName": key.rsplit("/", 1)[-1], "PolicyId": f"ANPAAWS{j:013d}",
                            "Arn": f"arn:aws:iam::aws:policy/{key}", "Path": "/", "DefaultVersionId": "v3",
                            "AttachmentCount": 100, "PermissionsBoundaryUsageCount": 0, "IsAttachable": True,
                            "CreateDate": "2016-01-02T03:04:05+00:00", "UpdateDate": "2024-01-02T03:04:05+00:00",
                            "PolicyVersionList": [{"Document": encode(aws_document(j), encoded), "VersionId": "v3",
                                                   "IsDefaultVersion": True, "CreateDate": "2024-01-02T03:04:05+00:00"}]})
    snapshot = {"UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": role_list,
                "Policies": policy_list}
    with open(out, "w") as f:
        json.dump(snapshot, f, indent=4)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
