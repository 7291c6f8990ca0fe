//! End-to-end runs of rule loading and the `rules` commands: a broken rule file is shown
//! with its place and exits 2, custom rules run in a scan and gate it, and `rules test`
//! runs tests files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;

fn supportscan() -> Command {
    Command::cargo_bin("supportscan").unwrap()
}

const HEADER: &str = "rule ACME1 open-support-role {\n  level: error\n  security-severity: 8.0\n  scope: resource\n  summary: \"s\"\n  description: \"d\"\n  help: \"h\"\n}\n";

const OPEN_ROLE: &str = "Resources:\n  SupportRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - {Effect: Allow, Principal: \"*\", Action: sts:AssumeRole}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]\n";

const RULE_BODY: &str = "for role in roles when is_support_role(role) {\n  let open = role.trust.statements[ admits_anyone(this) ]\n  require empty open at open[0] << {role.address} is open >>\n}\n";

fn custom_rules(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("ACME1-open.rule"),
        format!("{HEADER}{body}"),
    )
    .unwrap();
    fs::write(dir.path().join("stack.yaml"), OPEN_ROLE).unwrap();
    dir
}

#[test]
fn a_broken_rule_file_is_shown_with_its_place_and_exits_2() {
    let dir = custom_rules("for role in roles {\n  require role.nmae == \"x\" << m >>\n}\n");
    supportscan()
        .args(["scan", "--rules"])
        .arg(dir.path())
        .arg(dir.path().join("stack.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ACME1-open.rule:10:16"))
        .stderr(predicate::str::contains(
            "role has no field `nmae`: did you mean `name`?",
        ));
}

/// GitHub's limits for rule metadata are checked when the rule file loads, at the place
/// that breaks them, so that an upload never fails or drops a severity.
#[test]
fn a_rule_beyond_githubs_limits_is_refused_with_its_place() {
    let dir = custom_rules(RULE_BODY);
    let rule = dir.path().join("ACME1-open.rule");
    let text = fs::read_to_string(&rule).unwrap();
    fs::write(
        &rule,
        text.replace("security-severity: 8.0", "security-severity: 0.0"),
    )
    .unwrap();
    supportscan()
        .args(["scan", "--rules"])
        .arg(dir.path())
        .arg(dir.path().join("stack.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ACME1-open.rule:3:22"))
        .stderr(predicate::str::contains(
            "`security-severity` must be above 0.0 and at most 10.0",
        ));
}

#[test]
fn a_syntax_error_names_the_place_and_exits_2() {
    let dir = custom_rules("require empty roles at << m >>\n");
    supportscan()
        .args(["rules", "list", "--rules"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ACME1-open.rule:9:"))
        .stderr(predicate::str::contains("rule-syntax"));
}

#[test]
fn a_custom_rule_finds_and_gates_the_scan() {
    let dir = custom_rules(RULE_BODY);
    let stack = dir.path().join("stack.yaml");
    supportscan()
        .args(["scan", "--only", "ACME1", "--rules"])
        .arg(dir.path())
        .arg(&stack)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("error[ACME1]: SupportRole is open")
                .and(predicate::str::contains("stack.yaml:7:13"))
                .and(predicate::str::contains("= resource: SupportRole")),
        );
    supportscan()
        .args(["scan", "--fail-on", "none", "--only", "ACME1", "--rules"])
        .arg(dir.path())
        .arg(&stack)
        .assert()
        .code(0);
    supportscan()
        .args(["scan", "--skip", "ACME1", "--only", "ACME1", "--rules"])
        .arg(dir.path())
        .arg(&stack)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("with 0 rules"));
}

#[test]
fn selecting_an_unknown_rule_exits_2() {
    supportscan()
        .args(["scan", "--only", "NOPE9", "testdata/examples"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--only `NOPE9` matches no rule ID or name (the rules: APP001,",
        ));
}

#[test]
fn rules_are_named_by_id_in_any_case_by_name_or_by_glob() {
    for name in ["sup002", "support-role-open-trust", "SUP00[2]"] {
        supportscan()
            .args(["rules", "explain", name])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(
                "SUP002 support-role-open-trust\n",
            ));
    }
    let output = supportscan()
        .args(["rules", "explain", "slr*"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    for id in ["SLR001", "SLR002", "SLR003"] {
        assert!(
            text.contains(&format!("\n{id} support-")) || text.starts_with(id),
            "{text}"
        );
    }
    // `--only APP*` runs the six App rules and `--skip` takes names.
    let output = supportscan()
        .args([
            "scan",
            "testdata/examples",
            "--format",
            "json",
            "--only",
            "APP*",
        ])
        .args(["--skip", "support-app-role-overbroad"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(report["summary"]["rules"], 5);
    for finding in report["findings"].as_array().unwrap() {
        let rule = finding["rule"].as_str().unwrap();
        assert!(rule.starts_with("APP") && rule != "APP002", "{rule}");
    }
}

#[test]
fn rules_list_shows_custom_rules_as_json() {
    let dir = custom_rules(RULE_BODY);
    let output = supportscan()
        .args(["rules", "list", "--format", "json", "--rules"])
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(listed["schema_version"], 1);
    assert_eq!(listed["tool"]["name"], "supportscan");
    let custom: Vec<_> = listed["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|rule| rule["id"] == "ACME1")
        .collect();
    assert_eq!(custom.len(), 1);
    assert_eq!(custom[0]["level"], "error");
    assert!(
        custom[0]["source"]
            .as_str()
            .unwrap()
            .ends_with("ACME1-open.rule")
    );
}

#[test]
fn rules_explain_renders_the_documentation() {
    let dir = custom_rules(RULE_BODY);
    supportscan()
        .args(["rules", "explain", "ACME1", "--rules"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ACME1 open-support-role\n"));
    supportscan()
        .args(["rules", "explain", "NOPE9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`NOPE9` matches no rule ID or name (the rules: APP001,",
        ));
}

#[test]
fn rules_test_passes_fails_and_refuses_untested_rules() {
    let dir = custom_rules(RULE_BODY);
    supportscan()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("rule ACME1 has no tests"));
    let tests = "rule: ACME1\ncases:\n  - name: open\n    input: stack.yaml\n    expect:\n      - {address: SupportRole, line: 7}\n  - name: closed\n    cloudformation: |\n      Resources:\n        R:\n          Type: AWS::IAM::Role\n          Properties:\n            AssumeRolePolicyDocument: {Statement: []}\n    expect: []\n";
    fs::write(dir.path().join("ACME1-open.tests.yaml"), tests).unwrap();
    supportscan()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("ok      ACME1 (2 cases"));
    fs::write(
        dir.path().join("ACME1-open.tests.yaml"),
        tests.replace("expect: []", "expect: [{address: R}]"),
    )
    .unwrap();
    supportscan()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("missing finding at `R`"));
    fs::write(
        dir.path().join("ACME1-open.tests.yaml"),
        tests.replace("rule: ACME1", "rule: ACME2"),
    )
    .unwrap();
    supportscan()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "this file tests `ACME2`, but the rule beside it is `ACME1`",
        ));
}

/// The custom rule that docs/rule-language.md walks through ("Writing your own rule")
/// loads, and passes the tests the document gives it.
#[test]
fn the_documented_custom_rule_passes_its_documented_tests() {
    let doc = fs::read_to_string("docs/rule-language.md").unwrap();
    let section = &doc[doc.find("## Writing your own rule").unwrap()..];
    let rule_start = section.find("rule ACME1 support-role-path {").unwrap();
    let rule_end = section.find("```\n\nBeside it").unwrap();
    let tests_start = section.find("rule: ACME1\n").unwrap();
    let tests_end = section.find("```\n\nThen `supportscan rules test").unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("ACME1-support-role-path.rule"),
        &section[rule_start..rule_end],
    )
    .unwrap();
    fs::write(
        dir.path().join("ACME1-support-role-path.tests.yaml"),
        &section[tests_start..tests_end],
    )
    .unwrap();
    supportscan()
        .args(["rules", "test"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("ok      ACME1 (2 cases"));
}
