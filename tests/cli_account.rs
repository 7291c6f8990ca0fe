//! Account scope end to end: SUP001 over inputs that could not be read, skipped files and
//! empty scans, and the not-evaluable listing of the text and JSON reports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

/// A role without AWSSupportAccess: an account baseline with only this fails SUP001.
const NO_SUPPORT_ROLE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"
Resources:
  AuditRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: \"2012-10-17\"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub \"arn:${AWS::Partition}:iam::${AWS::AccountId}:root\"}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${AWS::Partition}:iam::aws:policy/SecurityAudit
";

/// A plan cut off in the middle, as a failed `terraform show -json > plan.json` leaves it.
const TRUNCATED_PLAN: &str = "{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.5\", \"planned_values\": {\"root_module\": {\"resources\": [";

fn scan(dir: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value, String) {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir)
        .args(["scan", ".", "--account-baseline", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code(), report, stderr)
}

fn rule_ids(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn an_unreadable_input_makes_sup001_not_evaluable_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("iam.template.yaml"), NO_SUPPORT_ROLE).unwrap();
    fs::write(dir.path().join("support.tfplan.json"), TRUNCATED_PLAN).unwrap();
    let (code, report, stderr) = scan(dir.path(), &[]);
    assert_eq!(code, Some(2), "an input error exits 2");
    assert!(stderr.contains("support.tfplan.json:1:"), "{stderr}");
    assert!(!rule_ids(&report["findings"]).contains(&"SUP001"));
    let sup001 = &report["not_evaluable"][0];
    assert_eq!(sup001["rule"], "SUP001");
    assert_eq!(sup001["resource"], serde_json::Value::Null);
    assert_eq!(sup001["file"], "support.tfplan.json");
    let reason = sup001["reason"].as_str().unwrap();
    assert!(
        reason.contains("`support.tfplan.json` could not be read or loaded (parse-error"),
        "{reason}"
    );
}

#[test]
fn a_support_role_in_what_was_read_still_satisfies_sup001() {
    let dir = tempfile::tempdir().unwrap();
    let with_role = NO_SUPPORT_ROLE.replace("SecurityAudit", "AWSSupportAccess");
    fs::write(dir.path().join("iam.template.yaml"), with_role).unwrap();
    fs::write(dir.path().join("support.tfplan.json"), TRUNCATED_PLAN).unwrap();
    let (_, report, _) = scan(dir.path(), &[]);
    assert!(!rule_ids(&report["findings"]).contains(&"SUP001"));
    assert!(!rule_ids(&report["not_evaluable"]).contains(&"SUP001"));
}

#[test]
fn sup001_anchors_at_a_loaded_input_never_at_a_skipped_file() {
    let dir = tempfile::tempdir().unwrap();
    // Sorted first, walked and skipped as not infrastructure code.
    fs::write(
        dir.path().join("a-deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\n",
    )
    .unwrap();
    fs::write(dir.path().join("iam.template.yaml"), NO_SUPPORT_ROLE).unwrap();
    let (code, report, _) = scan(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "SUP001");
    assert_eq!(finding["file"], "iam.template.yaml");
    assert_eq!(finding["line"], 1);
}

#[test]
fn a_scan_where_nothing_loaded_leaves_sup001_not_evaluable() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\n",
    )
    .unwrap();
    let (code, report, _) = scan(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(rule_ids(&report["not_evaluable"]), ["SUP001"]);
    assert!(
        report["not_evaluable"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no input loaded")
    );
}

#[test]
fn a_terraformer_v3_state_with_the_support_role_satisfies_sup001() {
    let dir = tempfile::tempdir().unwrap();
    let state = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules/service-linked-role/testdata/SLR001-terraformer-v3.tfstate"),
    )
    .unwrap();
    fs::write(dir.path().join("terraform.tfstate"), state).unwrap();
    let (_, report, stderr) = scan(dir.path(), &[]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(report["summary"]["terraform_states"], 1);
    assert!(!rule_ids(&report["findings"]).contains(&"SUP001"));
    assert!(!rule_ids(&report["not_evaluable"]).contains(&"SUP001"));
}

#[test]
fn show_not_evaluable_lists_each_check_with_its_reason_in_text() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("iam.template.yaml"), NO_SUPPORT_ROLE).unwrap();
    fs::write(dir.path().join("support.tfplan.json"), TRUNCATED_PLAN).unwrap();
    let text = |extra: &[&str]| {
        let output = Command::cargo_bin("supportscan")
            .unwrap()
            .current_dir(dir.path())
            .args(["scan", ".", "--account-baseline"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let quiet = text(&[]);
    assert!(!quiet.contains("Not evaluable"), "{quiet}");
    assert!(
        quiet.contains("1 check could not be decided (--show-not-evaluable lists them)."),
        "{quiet}"
    );
    let listed = text(&["--show-not-evaluable"]);
    assert!(
        listed.contains("Not evaluable: 1 check\n\n  SUP001 the account in support.tfplan.json: the input `support.tfplan.json` could not be read or loaded"),
        "{listed}"
    );
    assert!(listed.contains("(listed above)."), "{listed}");
    Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "--help"])
        .assert()
        .stdout(predicate::str::contains("--show-not-evaluable"));
}
