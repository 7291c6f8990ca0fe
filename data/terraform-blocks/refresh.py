#!/usr/bin/env python3
"""Rebuild data/terraform-blocks/nested-blocks.tsv from the AWS provider's own schema.

Terraform's JSON syntax (`*.tf.json`) writes an argument and a nested block the same way
(`"inline_policy": {...}`); Terraform tells them apart by the resource type's schema. The
`.tf.json` reader needs that distinction for the resource and data source types whose
properties the IAM graph reads, so this script asks Terraform for the schema of the pinned
AWS provider (`terraform providers schema -json`, run in a temporary directory) and writes
one line per nested block type: `MODE<TAB>TYPE<TAB>PATH`, where PATH names the block inside
its parents with dots (`statement.principals`). Types with no nested blocks have no line.
The awscc provider has none to list: its nested values are attributes (objects and lists
of objects), which the reader takes as arguments anyway.

Usage: python3 data/terraform-blocks/refresh.py [PROVIDER_MIRROR]
(PROVIDER_MIRROR: a filesystem mirror holding hashicorp/aws at the pinned version; without
it, Terraform downloads the provider from its registry.)
"""

import json
import os
import subprocess
import sys
import tempfile

AWS_VERSION = "5.100.0"
# Keep in step with GRAPH_TYPE_PREFIXES and GRAPH_TYPES in src/load/terraform/mod.rs.
PREFIXES = ("aws_iam_", "aws_ssoadmin_")
TYPES = ("aws_partition", "aws_caller_identity")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nested-blocks.tsv")


def schema(mirror):
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "main.tf"), "w") as main:
            main.write(
                'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", '
                f'version = "{AWS_VERSION}" }}\n  }}\n}}\n'
            )
        env = dict(os.environ, TF_IN_AUTOMATION="1")
        if mirror:
            config = os.path.join(work, "cli.tfrc")
            with open(config, "w") as rc:
                rc.write(f'provider_installation {{\n  filesystem_mirror {{ path = "{mirror}" }}\n}}\n')
            env["TF_CLI_CONFIG_FILE"] = config
        subprocess.run(["terraform", "init", "-input=false"], cwd=work, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        shown = subprocess.run(["terraform", "providers", "schema", "-json"], cwd=work,
                               env=env, check=True, capture_output=True, text=True)
        return json.loads(shown.stdout)


def nested(block, prefix=""):
    for name, inner in sorted(block.get("block_types", {}).items()):
        path = prefix + name
        yield path
        yield from nested(inner["block"], path + ".")


def main():
    mirror = sys.argv[1] if len(sys.argv) > 1 else None
    provider = schema(mirror)["provider_schemas"]["registry.terraform.io/hashicorp/aws"]
    lines = []
    for mode, key in (("resource", "resource_schemas"), ("data", "data_source_schemas")):
        for name, type_schema in sorted(provider[key].items()):
            if name.startswith(PREFIXES) or name in TYPES:
                lines += [f"{mode}\t{name}\t{path}" for path in nested(type_schema["block"])]
    with open(OUT, "w") as out:
        out.write(f"# nested block types of hashicorp/aws {AWS_VERSION} "
                  "(terraform providers schema -json); data/terraform-blocks/refresh.py\n")
        out.write("\n".join(lines) + "\n")
    print(f"{OUT}: {len(lines)} nested block types")


if __name__ == "__main__":
    main()
