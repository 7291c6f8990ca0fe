//! One bad input among good ones loses none of the good ones' findings, whatever kind of
//! bad it is: each kind is scanned beside the shipped examples, and the findings must be
//! exactly those of the examples alone, with the bad input named as a problem.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The findings of a scan as `rule resource line` lines, and its problem codes.
fn scan(paths: &[&Path]) -> (Vec<String>, Vec<String>, i32) {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "--format", "json", "--fail-on", "none"])
        .args(paths)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {} {}", f["rule"], f["resource"], f["line"]))
        .collect();
    let problems = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect();
    (findings, problems, output.status.code().unwrap())
}

/// Each kind of bad input: a file name and its bytes.
const BAD_INPUTS: &[(&str, &[u8])] = &[
    (
        "broken.template.yaml",
        b"Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties: [unclosed\n",
    ),
    (
        "broken.template.json",
        b"{\"Resources\": {\"Role\": {\"Type\": \"AWS::IAM::Role\",}}}",
    ),
    ("truncated.tfplan.json", b"{\"format_version\": \"1.2\", \"resource_changes\": [{\"address\""),
    ("truncated.tfstate", b"{\"version\": 4, \"resources\": [{"),
    ("not-utf8.template.yaml", b"Resources:\n  R:\n    Type: \xff\xfe\n"),
    (
        "alias-bomb.template.yaml",
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nResources: {}\n",
    ),
    (
        "deep.template.json",
        // Nesting far beyond any real template.
        b"{\"Resources\": {\"R\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"X\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]}}}}",
    ),
    (
        "bad-policy.template.yaml",
        b"Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '{\"Statement\": ['\n",
    ),
    (
        "bad-intrinsic.template.yaml",
        b"Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {\"Fn::If\": [OnlyOne]}\n",
    ),
];

#[test]
fn no_kind_of_bad_input_hides_the_findings_of_the_good_ones() {
    let examples = Path::new("testdata/examples");
    let (expected, problems, status) = scan(&[examples]);
    assert_eq!(expected.len(), 4, "{expected:?}");
    assert!(problems.is_empty() && status == 0, "{problems:?}");
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in BAD_INPUTS {
        let bad = dir.path().join(name);
        fs::write(&bad, bytes).unwrap();
        let (findings, problems, _) = scan(&[examples, &bad]);
        assert_eq!(findings, expected, "{name}");
        assert!(!problems.is_empty(), "{name}: the bad input is named");
        fs::remove_file(&bad).unwrap();
    }
    // A path that does not exist, named beside the good ones.
    let (findings, problems, status) = scan(&[examples, &dir.path().join("missing.yaml")]);
    assert_eq!(findings, expected);
    assert_eq!(problems, ["unreadable-path"]);
    assert_eq!(status, 2);
}

/// Inputs the fuzzers found slow (a timeout in the instrumented build), scanned to the end
/// with every rule: the scan finishes and reports what the template holds.
#[test]
fn inputs_the_fuzzers_found_slow_are_scanned_to_the_end() {
    let slow = Path::new("testdata/fuzz/pipeline-timeout-6210c226.template.yaml");
    let (findings, _, status) = scan(&[slow]);
    assert_eq!(status, 0, "{findings:?}");
    assert_eq!(findings.len(), 3, "{findings:?}");
}
