//! Counts agree: a file's header counts what the summary counts (suppressed findings
//! apart), counts are singular for one, and the summary names the rules that did not run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn supportscan(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("supportscan").unwrap();
    command.current_dir(dir);
    command
}

/// Two groups with AWSSupportAccess: two SUP004 warnings, one of them suppressed.
const STACK: &str = "Resources:
  OnCall:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
  Legacy:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
";

#[test]
fn the_file_header_counts_suppressed_findings_apart() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), STACK).unwrap();
    fs::write(
        dir.path().join(".supportscan.toml"),
        "[[suppress]]\nrule = \"SUP004\"\nresource = \"Legacy\"\nreason = \"being removed\"\n",
    )
    .unwrap();
    supportscan(dir.path())
        .args(["scan", "stack.yaml", "--only", "sup004"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "stack.yaml: 1 finding (1 warning); 1 suppressed\n",
        ))
        .stdout(predicate::str::contains("with 1 rule in "))
        .stdout(predicate::str::contains(
            ": 1 finding (1 warning). 1 finding suppressed.",
        ));
}

#[test]
fn the_summary_names_the_rules_that_did_not_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), STACK).unwrap();
    supportscan(dir.path())
        .args(["scan", "stack.yaml"])
        .assert()
        .stdout(predicate::str::contains(
            "with 13 rules (SUP001 not run: needs --account-baseline) in ",
        ));
    supportscan(dir.path())
        .args(["scan", "stack.yaml", "--account-baseline"])
        .assert()
        .stdout(predicate::str::contains("with 14 rules in "));
    let output = supportscan(dir.path())
        .args(["scan", "stack.yaml", "--format", "json"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(
        report["summary"]["rules_not_run"],
        serde_json::json!(["SUP001"])
    );
}

#[test]
fn one_case_is_one_case() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("ACME1-group.rule"),
        "rule ACME1 group-present {\n  level: note\n  security-severity: 1.0\n  scope: resource\n  summary: \"s\"\n  description: \"d\"\n  help: \"h\"\n}\nfor role in roles {\n  require role.address != \"Nope\" << {role.address} >>\n}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("ACME1-group.tests.yaml"),
        "rule: ACME1\ncases:\n  - name: clean\n    cloudformation: |\n      Resources:\n        R:\n          Type: AWS::IAM::Role\n          Properties:\n            AssumeRolePolicyDocument: {Statement: []}\n    expect: []\n",
    )
    .unwrap();
    supportscan(dir.path())
        .args(["rules", "test", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok      ACME1 (1 case, "))
        .stdout(predicate::str::ends_with(
            "1 rule, 1 case passed, 0 failed, 0 broken files\n",
        ));
}
