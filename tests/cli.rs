//! End-to-end runs of the `supportscan` binary: exit statuses, where problems are shown,
//! and that one bad input never hides the others.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

fn supportscan() -> Command {
    Command::cargo_bin("supportscan").unwrap()
}

fn json_report(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("the json report is JSON")
}

const TEMPLATE: &str = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n";

#[test]
fn scans_the_shipped_examples() {
    let output = supportscan()
        .args(["scan", "testdata/examples", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report = json_report(&output);
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["summary"]["terraform_plans"], 1);
    assert_eq!(report["summary"]["cloudformation_templates"], 1);
    assert!(report["summary"]["resources"].as_u64().unwrap() >= 10);
    assert_eq!(
        report["summary"]["rules"], 13,
        "every built-in rule but SUP001 runs"
    );
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"APP002") && rules.contains(&"SUP004"),
        "{rules:?}"
    );
}

#[test]
fn text_report_has_a_summary_line() {
    supportscan()
        .args(["scan", "testdata/examples"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Scanned 1 Terraform plan, 1 CloudFormation template",
        ));
}

#[test]
fn markdown_report_for_a_job_summary() {
    supportscan()
        .args(["scan", "testdata/examples", "--format", "markdown"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::starts_with("## supportscan\n")
                .and(predicate::str::contains("| Files | Resources |"))
                .and(predicate::str::contains("| error | APP002 |")),
        );
}

/// A pull-request comment holds at most 65,536 characters: rows stop before that, and the
/// report says how many it left out.
#[test]
fn markdown_report_fits_in_a_pull_request_comment() {
    let dir = tempfile::tempdir().unwrap();
    let mut template = String::from("Resources:\n");
    for i in 0..400 {
        template.push_str(&format!(
            "  OnCall{i}:\n    Type: AWS::IAM::User\n    Properties:\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]\n"
        ));
    }
    fs::write(dir.path().join("users.yaml"), template).unwrap();
    let output = supportscan()
        .args(["scan", "--format", "markdown", "--fail-on", "none"])
        .arg(dir.path().join("users.yaml"))
        .output()
        .unwrap();
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(markdown.chars().count() <= 65_536, "{}", markdown.len());
    let shown = markdown.matches("| warning | SUP004 |").count();
    assert!(shown > 50, "{shown}");
    assert!(
        markdown.contains(&format!(
            "_{} findings and 0 problems are not shown",
            400 - shown
        )),
        "{markdown}"
    );
    // Under the limit, nothing is left out.
    let small = supportscan()
        .args(["scan", "testdata/examples", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(small.stdout)
            .unwrap()
            .contains("not shown")
    );
}

#[test]
fn text_report_is_plain_when_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    supportscan()
        .args(["scan", "testdata/examples", "-o"])
        .arg(&report)
        .assert()
        .code(1);
    let text = fs::read_to_string(&report).unwrap();
    assert!(text.contains("error[APP002]"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn a_named_file_that_is_not_infrastructure_code_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("package.json");
    fs::write(&file, r#"{"name": "app", "version": "1.0.0"}"#).unwrap();
    supportscan()
        .arg("scan")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("package.json")
                .and(predicate::str::contains("not-infrastructure")),
        );
}

#[test]
fn a_broken_input_is_positioned_and_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.yaml"), TEMPLATE).unwrap();
    fs::write(
        dir.path().join("broken.template.json"),
        "{\n  \"Resources\": {\n    \"Role\": {\"Type\": \"AWS::IAM::Role\",}\n  }\n}\n",
    )
    .unwrap();
    let assert = supportscan()
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.template.json:3:"));
    let report = json_report(&assert.get_output().stdout);
    assert_eq!(report["summary"]["cloudformation_templates"], 1);
    assert_eq!(report["summary"]["input_errors"], 1);
    assert_eq!(report["problems"][0]["line"], 3);
}

#[test]
fn walked_files_that_are_not_infrastructure_are_skipped_quietly() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("template.yaml"), TEMPLATE).unwrap();
    fs::write(
        dir.path().join("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\n",
    )
    .unwrap();
    fs::write(dir.path().join("broken-values.yaml"), "a: [unclosed\n").unwrap();
    fs::write(dir.path().join("package.json"), "{\"name\": \"x\"}").unwrap();
    supportscan()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}

#[test]
fn a_walked_file_named_as_a_template_that_does_not_parse_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("stack.template.yaml"),
        "Resources:\n  Role: [unclosed\n",
    )
    .unwrap();
    supportscan()
        .arg("scan")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stack.template.yaml:"));
}

#[test]
fn invalid_utf8_is_named_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stack.yaml");
    fs::write(
        &file,
        b"Resources:\n  Role:\n    Type: AWS::IAM::Role \xff\n",
    )
    .unwrap();
    supportscan()
        .arg("scan")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("UTF-8").and(predicate::str::contains("stack.yaml:3:26")));
}

#[test]
fn a_missing_path_is_an_error() {
    supportscan()
        .args(["scan", "no/such/file.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.json"));
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let output = supportscan()
        .args(["scan", "-", "--format", "json"])
        .write_stdin(TEMPLATE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        json_report(&output)["summary"]["cloudformation_templates"],
        1
    );
}

#[test]
fn output_goes_to_the_named_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.sarif");
    supportscan()
        .args(["scan", "testdata/examples", "--format", "sarif", "--output"])
        .arg(&target)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty());
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["name"], "supportscan");
}

#[test]
fn problems_reach_github_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.template.yaml");
    fs::write(&file, "Resources: [\n").unwrap();
    supportscan()
        .args(["scan", "--format", "github"])
        .arg(&file)
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with("::error file="));
}

#[test]
fn a_bad_flag_exits_2() {
    supportscan()
        .args(["scan", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn graph_shows_what_was_understood() {
    let output = supportscan()
        .args(["graph", "testdata/examples", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    for address in [
        "SupportRole",
        "SupportAppRole",
        "aws_iam_role.support",
        "module.support_app.aws_iam_role.this",
    ] {
        assert!(text.contains(address), "graph lacks {address}");
    }
}

#[test]
fn duplicate_keys_are_warned_with_both_lines_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stack.yaml");
    fs::write(
        &file,
        "Resources:\n  Role:\n    Type: AWS::IAM::Role\n  Role:\n    Type: AWS::IAM::User\n",
    )
    .unwrap();
    let assert = supportscan()
        .args(["scan", "--format", "sarif"])
        .arg(&file)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("warning[duplicate-key]")
                .and(predicate::str::contains("line 2"))
                .and(predicate::str::contains("stack.yaml:4:3")),
        );
    let sarif: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let notification = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["descriptor"]["id"], "duplicate-key");
    assert_eq!(
        notification["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
}

#[test]
fn an_alias_bomb_is_refused_without_expansion() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..40 {
        let previous = level - 1;
        text.push_str(&format!(
            "a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"
        ));
    }
    text.push_str("Resources: {}\n");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bomb.template.yaml");
    fs::write(&file, text).unwrap();
    supportscan()
        .arg("scan")
        .arg(&file)
        .timeout(std::time::Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("yaml-alias")
                .and(predicate::str::contains("bomb.template.yaml:2:")),
        );
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let run = |jobs: &str| {
        supportscan()
            .args(["graph", "testdata", "--format", "json", "-j", jobs])
            .assert()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("4"));
}

#[test]
fn a_mistyped_aws_managed_policy_is_a_positioned_warning_and_attaches_nothing() {
    for (input, line, column) in [
        // The policy ARN itself, not the resource.
        (
            "testdata/terraform/managed-policy-typo.tfplan.json",
            135,
            25,
        ),
        (
            "testdata/cloudformation/managed-policy-typo.template.yaml",
            15,
            11,
        ),
    ] {
        let output = supportscan()
            .args(["scan", input, "--account-baseline", "--format", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let report = json_report(&output);
        let problems = report["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{input}: {problems:?}");
        let typo = &problems[0];
        assert_eq!(typo["code"], "aws-managed-policy-unknown");
        assert_eq!(typo["severity"], "warning");
        assert_eq!(
            (typo["line"].as_u64(), typo["column"].as_u64()),
            (Some(line), Some(column))
        );
        assert!(
            typo["message"]
                .as_str()
                .unwrap()
                .contains("Did you mean `arn:aws:iam::aws:policy/AWSSupportAccess`?")
        );
        // The typo does not make a support role, and CloudWatchReadOnlyAccess is read from
        // its published document: the Support App role reaches CloudWatch.
        let mut rules: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding["rule"].as_str().unwrap())
            .collect();
        rules.sort_unstable();
        assert_eq!(rules, ["APP002", "SUP001"], "{input}");
    }
}
