//! Everyday mistakes get a message that says what to do: a report written into a missing
//! directory, a `--tf-source` that does not exist, an empty standard input, `rules test`
//! on a directory without rules, and a file named on the command line that is not
//! infrastructure code (a Helm template).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

const EXAMPLES: &str = "testdata/examples";

fn supportscan() -> Command {
    Command::cargo_bin("supportscan").unwrap()
}

#[test]
fn a_report_into_a_missing_directory_names_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("reports").join("scan.sarif");
    supportscan()
        .args(["scan", EXAMPLES, "--format", "sarif", "-o"])
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "the directory {} does not exist; create it first",
            dir.path().join("reports").display()
        )))
        .stderr(predicate::str::contains(".supportscan-").not());
    // Once the directory exists, the same command writes the report.
    fs::create_dir(dir.path().join("reports")).unwrap();
    supportscan()
        .args([
            "scan",
            EXAMPLES,
            "--format",
            "sarif",
            "--fail-on",
            "none",
            "-o",
        ])
        .arg(&report)
        .assert()
        .code(0);
    assert!(fs::read_to_string(&report).unwrap().contains("\"ruleId\""));
}

#[test]
fn a_missing_tf_source_directory_is_an_error() {
    supportscan()
        .args(["scan", EXAMPLES, "--tf-source", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'no/such/dir' for '--tf-source <DIR>': no such directory",
        ))
        .stdout("");
    supportscan()
        .args(["scan", EXAMPLES, "--tf-source", "README.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a directory"));
    supportscan()
        .args([
            "scan",
            EXAMPLES,
            "--fail-on",
            "none",
            "--tf-source",
            EXAMPLES,
        ])
        .assert()
        .code(0);
}

#[test]
fn an_empty_standard_input_says_so() {
    for input in ["", " \n\n"] {
        supportscan()
            .args(["scan", "-"])
            .write_stdin(input)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "standard input is empty: pipe a plan or template into it, as in \
                 `terraform show -json plan.out | supportscan scan -`",
            ));
    }
}

#[test]
fn rules_test_on_a_directory_without_rules_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "# not a rule\n").unwrap();
    supportscan()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains(format!(
            "error[rule-test]: no rule files (`*.rule`) below {}",
            dir.path().display()
        )));
    // The built-in pack, and a directory that holds rules, are tested as before.
    supportscan().args(["rules", "test"]).assert().code(0);
}

const HELM_TEMPLATE: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  level: {{ .Values.level | quote }}
";

#[test]
fn a_named_helm_template_is_not_an_input_rather_than_bad_yaml() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("templates")).unwrap();
    fs::write(dir.path().join("templates/configmap.yaml"), HELM_TEMPLATE).unwrap();
    supportscan()
        .current_dir(dir.path())
        .args(["scan", "templates/configmap.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error[not-infrastructure]: not a Terraform or CloudFormation input: supportscan \
             reads Terraform plans (`terraform show -json plan.out`), Terraform state, \
             Terraform modules (`.tf` files), CloudFormation templates and account snapshots \
             (`aws iam get-account-authorization-details`), and this is not even valid JSON or YAML",
        ))
        .stderr(predicate::str::contains("┌─ templates/configmap.yaml:4:10"))
        .stderr(predicate::str::contains("error[unsupported-key]").not());
    // In a directory walk it is skipped quietly, as before.
    supportscan()
        .current_dir(dir.path())
        .args(["scan", "."])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("not-infrastructure").not());
    // A broken file that is marked as infrastructure code keeps its parse error.
    fs::write(
        dir.path().join("stack.template.yaml"),
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Role: {{ .Values.role }}\n",
    )
    .unwrap();
    supportscan()
        .current_dir(dir.path())
        .args(["scan", "stack.template.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not-infrastructure").not())
        .stderr(predicate::str::contains("┌─ stack.template.yaml:3:"));
}

#[test]
fn an_empty_named_file_says_it_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plan.json"), "").unwrap();
    supportscan()
        .current_dir(dir.path())
        .args(["scan", "plan.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("and this is an empty file"));
}
