//! A scan that checked nothing (no infrastructure input, or no rule ran) does not pass the
//! gate silently: it warns on stderr and in every report, and `--fail-on-empty` fails it.

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

const KUBERNETES: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

const TEMPLATE: &str = "Resources:\n  Group:\n    Type: AWS::IAM::Group\n";

#[test]
fn an_empty_directory_warns_and_passes_unless_asked_to_fail() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    supportscan(dir.path())
        .args(["scan", "empty"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("nothing was scanned"))
        .stdout(predicate::str::contains(
            "warning: nothing was scanned: the inputs hold no Terraform plan",
        ));
    supportscan(dir.path())
        .args(["scan", "empty", "--fail-on-empty"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing was scanned"));
}

#[test]
fn a_directory_of_kubernetes_files_names_the_skipped_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("deploy.yaml"), KUBERNETES).unwrap();
    fs::write(dir.path().join("service.yaml"), KUBERNETES).unwrap();
    let output = supportscan(dir.path())
        .args(["scan", ".", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let empty = report["empty_scan"].as_str().unwrap();
    assert!(
        empty.ends_with("(2 files skipped as not infrastructure code)"),
        "{empty}"
    );
    assert_eq!(report["problems"][0]["code"], "empty-scan");
    assert_eq!(report["problems"][0]["severity"], "warning");
}

#[test]
fn only_an_account_rule_without_a_baseline_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), TEMPLATE).unwrap();
    let message = "nothing was checked: no rule ran (SUP001 runs only with --account-baseline)";
    supportscan(dir.path())
        .args(["scan", "stack.yaml", "--only", "SUP001"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(message))
        .stdout(predicate::str::contains(message));
    supportscan(dir.path())
        .args(["scan", "stack.yaml", "--only", "SUP001", "--fail-on-empty"])
        .assert()
        .code(2);
    // With the baseline the rule runs: nothing to warn about.
    supportscan(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--only",
            "SUP001",
            "--account-baseline",
        ])
        .args(["--fail-on-empty", "--fail-on", "none"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("nothing was").not());
}

#[test]
fn every_format_carries_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    for (format, expected) in [
        (
            "github",
            "::warning title=supportscan empty-scan::nothing was scanned",
        ),
        ("markdown", "nothing was scanned"),
        ("text", "warning: nothing was scanned"),
    ] {
        supportscan(dir.path())
            .args(["scan", "empty", "--format", format])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(expected));
    }
    let output = supportscan(dir.path())
        .args(["scan", "empty", "--format", "sarif", "--fail-on-empty"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let sarif: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["descriptor"]["id"], "empty-scan");
    assert_eq!(notification["level"], "error");
}
