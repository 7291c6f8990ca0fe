#!/usr/bin/env python3
"""Print the plans of testdata/terraform/real with real Terraform.

For every scenario directory (a Terraform root of .tf or .tf.json files) beside this script, runs
`terraform init` from a local provider mirror, `terraform plan -out` and
`terraform show -json`, and writes `<scenario>.tfplan.json` exactly as Terraform prints it.

No network is used. The AWS provider gets fake credentials from the environment and sends
its IAM and STS calls (the data sources read during plan) to a fake endpoint on 127.0.0.1
that this script serves for the length of the run. The scenarios' own .tf files stay as
people write them (`provider "aws" { region = ... }`), so nothing about the fake endpoint
(its port, say) reaches a plan. A scenario's `terraform.tfstate` is the state a previous
apply left; plans run with `-refresh=false`, so it is taken as it is, not read back.

Usage: generate.py [--out DIR] [--mirror DIR] [--jobs N] [--budget SECONDS] [SCENARIO ...]
  --out DIR     where the plans go (default: beside the scenarios, i.e. the committed fixtures)
  --mirror DIR  the filesystem mirror holding registry.terraform.io/hashicorp/aws (default
                /opt/tf-plugins, or $SUPPORTSCAN_TF_MIRROR)
  --jobs N      scenarios planned at once (default 2)
  --budget S    the whole run's time limit in seconds (default 1200): a terraform command
                still running then is killed and its scenario fails
Needs terraform on PATH (or $TERRAFORM). Python 3.8+, standard library only.
"""

import argparse
import concurrent.futures
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
ACCOUNT = "123456789012"
# Everything a scenario's data sources may read: keep it in step with the scenarios.
MANAGED_POLICIES = {
    "AWSSupportAccess": "ANPAJSNKQX2OW67GF4S7E",
    "CloudWatchReadOnlyAccess": "ANPAJN23PDQP7SZQAE3QE",
}
# Roles that exist in the account before the scenarios are applied (data.aws_iam_role).
EXISTING_ROLES = {"ops-admin": "AROAEXISTINGOPSADMIN1"}

XMLNS = {
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
}


def managed_policy_xml(name):
    return (
        f"<PolicyName>{name}</PolicyName><PolicyId>{MANAGED_POLICIES[name]}</PolicyId>"
        f"<Arn>arn:aws:iam::aws:policy/{name}</Arn><Path>/</Path>"
        "<DefaultVersionId>v1</DefaultVersionId><AttachmentCount>0</AttachmentCount>"
        "<IsAttachable>true</IsAttachable><CreateDate>2015-02-06T18:41:00Z</CreateDate>"
        "<UpdateDate>2015-02-06T18:41:00Z</UpdateDate>"
    )


def answer(action, params):
    """The Query API result of one action, or None when the fake does not know it."""
    if action == "GetCallerIdentity":
        return "sts", (
            f"<Arn>arn:aws:iam::{ACCOUNT}:user/terraform</Arn>"
            f"<UserId>AIDAFAKEUSER</UserId><Account>{ACCOUNT}</Account>"
        )
    if action == "ListPolicies":
        items = "".join(
            f"<member>{managed_policy_xml(name)}</member>" for name in sorted(MANAGED_POLICIES)
        )
        return "iam", f"<IsTruncated>false</IsTruncated><Policies>{items}</Policies>"
    if action == "GetPolicy":
        name = params.get("PolicyArn", "").rsplit("/", 1)[-1]
        if name in MANAGED_POLICIES:
            return "iam", f"<Policy>{managed_policy_xml(name)}</Policy>"
        return None
    if action == "GetPolicyVersion":
        # The document is not what the scenarios test: an empty allow-nothing one will do.
        document = urllib.parse.quote('{"Version":"2012-10-17","Statement":[]}')
        return "iam", (
            f"<PolicyVersion><Document>{document}</Document><VersionId>v1</VersionId>"
            "<IsDefaultVersion>true</IsDefaultVersion>"
            "<CreateDate>2015-02-06T18:41:00Z</CreateDate></PolicyVersion>"
        )
    if action == "ListPolicyTags" or action == "ListRoleTags":
        return "iam", "<IsTruncated>false</IsTruncated><Tags/>"
    if action == "GetRole":
        name = params.get("RoleName", "")
        if name not in EXISTING_ROLES:
            return None
        trust = urllib.parse.quote(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
            f'"Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"sts:AssumeRole"}}]}}'
        )
        return "iam", (
            f"<Role><Path>/</Path><RoleName>{name}</RoleName><RoleId>{EXISTING_ROLES[name]}</RoleId>"
            f"<Arn>arn:aws:iam::{ACCOUNT}:role/{name}</Arn><CreateDate>2020-01-01T00:00:00Z</CreateDate>"
            f"<AssumeRolePolicyDocument>{trust}</AssumeRolePolicyDocument>"
            "<MaxSessionDuration>3600</MaxSessionDuration></Role>"
        )
    return None


class FakeAws(http.server.BaseHTTPRequestHandler):
    """Answers the few IAM and STS Query API actions the scenarios' data sources call."""

    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        params = {key: values[0] for key, values in urllib.parse.parse_qs(body).items()}
        action = params.get("Action", "")
        known = answer(action, params)
        if known is None:
            status, xml = 400, (
                '<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>'
                f"<Message>the fake endpoint does not serve {action}</Message></Error>"
                "<RequestId>fake</RequestId></ErrorResponse>"
            )
            print(f"fake endpoint: unanswered {action} {params}", file=sys.stderr)
        else:
            service, result = known
            status, xml = 200, (
                f'<{action}Response xmlns="{XMLNS[service]}"><{action}Result>{result}'
                f"</{action}Result><ResponseMetadata><RequestId>fake</RequestId>"
                f"</ResponseMetadata></{action}Response>"
            )
        data = xml.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "fake")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def cli_config(directory, mirror):
    path = directory / "terraform.tfrc"
    path.write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{mirror}"\n'
        '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
        '  direct {\n    exclude = ["*/*"]\n  }\n}\n'
    )
    return path


def terraform_env(config, endpoint):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "TF_")) or key == "AWS_CA_BUNDLE"
    }
    env.update(
        TF_CLI_CONFIG_FILE=str(config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
        AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE",
        AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        AWS_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_ENDPOINT_URL_IAM=endpoint,
        AWS_ENDPOINT_URL_STS=endpoint,
        AWS_MAX_ATTEMPTS="1",
        NO_PROXY="127.0.0.1",
        no_proxy="127.0.0.1",
    )
    return env


def plan(terraform, scenario, out, scratch, env, deadline):
    """Plans one scenario in a scratch copy (no .terraform left in the repository)."""

    def seconds_left():
        left = deadline - time.monotonic()
        if left <= 0:
            raise RuntimeError(f"{scenario.name}: the run's time budget is spent")
        return left

    work = scratch / scenario.name
    shutil.copytree(scenario, work, ignore=shutil.ignore_patterns(".terraform*"))
    for args in (
        ["init", "-backend=false", "-no-color"],
        ["plan", "-refresh=false", "-lock=false", "-no-color", "-out=plan.bin"],
    ):
        run = subprocess.run(
            [terraform, *args], cwd=work, env=env, capture_output=True, text=True,
            timeout=seconds_left(),
        )
        if run.returncode != 0:
            raise RuntimeError(f"{scenario.name}: terraform {args[0]} failed:\n{run.stdout}{run.stderr}")
    shown = subprocess.run(
        [terraform, "show", "-json", "plan.bin"], cwd=work, env=env, capture_output=True,
        timeout=seconds_left(),
    )
    if shown.returncode != 0:
        raise RuntimeError(f"{scenario.name}: terraform show failed:\n{shown.stderr.decode()}")
    target = out / f"{scenario.name}.tfplan.json"
    target.write_bytes(shown.stdout)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=HERE)
    parser.add_argument(
        "--mirror", default=os.environ.get("SUPPORTSCAN_TF_MIRROR", "/opt/tf-plugins")
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--budget", type=float, default=1200)
    parser.add_argument("scenarios", nargs="*")
    args = parser.parse_args()

    terraform = os.environ.get("TERRAFORM") or shutil.which("terraform")
    if not terraform:
        sys.exit("terraform is not on PATH")
    if not (pathlib.Path(args.mirror) / "registry.terraform.io/hashicorp/aws").is_dir():
        sys.exit(f"no AWS provider in the mirror {args.mirror}")
    names = set(args.scenarios)
    scenarios = sorted(
        path for path in HERE.iterdir()
        if path.is_dir() and (any(path.glob("*.tf")) or any(path.glob("*.tf.json"))) and (not names or path.name in names)
    )
    if names - {path.name for path in scenarios}:
        sys.exit(f"no such scenario: {', '.join(sorted(names - {p.name for p in scenarios}))}")
    args.out.mkdir(parents=True, exist_ok=True)

    deadline = time.monotonic() + args.budget
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeAws)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    failed = False
    try:
        with tempfile.TemporaryDirectory(prefix="supportscan-real-tf-") as scratch_name:
            scratch = pathlib.Path(scratch_name)
            env = terraform_env(cli_config(scratch, args.mirror), endpoint)
            with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                runs = {
                    pool.submit(plan, terraform, scenario, args.out, scratch, env, deadline):
                    scenario
                    for scenario in scenarios
                }
                for run in concurrent.futures.as_completed(runs):
                    try:
                        print(f"wrote {run.result()}")
                    except (RuntimeError, subprocess.TimeoutExpired) as error:
                        failed = True
                        print(error, file=sys.stderr)
    finally:
        server.shutdown()
        server.server_close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
