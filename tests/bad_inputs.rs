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
    scan_with(&[], paths)
}

/// [`scan`] with more flags.
fn scan_with(flags: &[&str], paths: &[&Path]) -> (Vec<String>, Vec<String>, i32) {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "--format", "json", "--fail-on", "none"])
        .args(flags)
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
        "lone-surrogate.template.json",
        b"{\"Resources\": {\"R\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\"RoleName\": \"a\\ud83d\"}}}}",
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

/// Small templates that multiply into huge ones: nested `Fn::ForEach` loops (3.2 million
/// resources from 600 bytes) and `Fn::Sub` nested to double a string at each of 40 levels
/// (16 TB). Both are cut off at a limit, the first with an error, and the examples beside
/// them keep their findings.
#[test]
fn templates_that_multiply_are_cut_off_at_the_limits() {
    let examples = Path::new("testdata/examples");
    let (expected, _, _) = scan(&[examples]);
    let dir = tempfile::tempdir().unwrap();

    let items = (0..20)
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(",");
    let mut loops = r#"{"Role${A}${B}${C}${D}${E}": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": []}}}}"#.to_owned();
    for name in ["E", "D", "C", "B", "A"] {
        loops = format!(r#"{{"Fn::ForEach::{name}": ["{name}", [{items}], {loops}]}}"#);
    }
    let loops = format!(
        r#"{{"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::LanguageExtensions", "Resources": {loops}}}"#
    );
    let loops_path = dir.path().join("loops.template.json");
    fs::write(&loops_path, loops).unwrap();
    let (findings, problems, status) = scan(&[examples, &loops_path]);
    assert_eq!(findings, expected);
    assert_eq!(problems, ["too-many-resources"]);
    assert_eq!(status, 2);

    let mut name = r#""x""#.to_owned();
    for _ in 0..40 {
        name = format!(r#"{{"Fn::Sub": ["${{A}}${{A}}", {{"A": {name}}}]}}"#);
    }
    let doubling = format!(
        r#"{{"Resources": {{"R": {{"Type": "AWS::IAM::Role", "Properties": {{"RoleName": {name}, "AssumeRolePolicyDocument": {{"Statement": []}}}}}}}}}}"#
    );
    let doubling_path = dir.path().join("doubling.template.json");
    fs::write(&doubling_path, doubling).unwrap();
    let (findings, problems, status) = scan(&[examples, &doubling_path]);
    assert_eq!(findings, expected);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(status, 0);
}

/// An input past the 1 GiB limit is refused from its size, without being read, and the
/// inputs beside it are scanned whole.
#[test]
fn an_input_past_the_size_limit_is_refused_unread() {
    let examples = Path::new("testdata/examples");
    let (expected, _, _) = scan(&[examples]);
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.tfplan.json");
    // Sparse: it takes no disk space, and is never read.
    fs::File::create(&huge)
        .unwrap()
        .set_len(supportscan::inputs::MAX_INPUT_BYTES + 1)
        .unwrap();
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "--fail-on", "none"])
        .args([examples, &huge])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("larger than the input limit of 1024 MiB"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (findings, problems, status) = scan(&[examples, &huge]);
    assert_eq!(findings, expected);
    assert_eq!(problems, ["unreadable-file"]);
    assert_eq!(status, 2);
}

/// A custom rule that reports every role.
const EVERY_ROLE: &str = "rule CUS001 every-role {\n  level: note\n  security-severity: 1.0\n  scope: resource\n  summary: \"s\"\n  description: \"d\"\n  help: \"h\"\n}\nfor role in roles {\n  require false << {role.address} >>\n}\n";

/// A broken custom rule file is reported at its place, in every format and as a SARIF
/// tool configuration notification, and hides nothing: the other rules run, the report
/// is written, and the exit status is 2.
#[test]
fn a_bad_rule_file_is_a_problem_and_the_other_rules_still_run() {
    let examples = Path::new("testdata/examples");
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("every-role.rule"), EVERY_ROLE).unwrap();
    let rules = dir.path().to_str().unwrap();
    let (expected, problems, status) = scan_with(&["--rules", rules], &[examples]);
    assert!(
        expected.iter().any(|finding| finding.contains("CUS001")),
        "{expected:?}"
    );
    assert!(problems.is_empty() && status == 0, "{problems:?}");

    let broken = EVERY_ROLE
        .replace("CUS001 every-role", "CUS002 broken")
        .replace("require false", "require (false");
    fs::write(dir.path().join("broken.rule"), &broken).unwrap();
    let (findings, problems, status) = scan_with(&["--rules", rules], &[examples]);
    assert_eq!(findings, expected);
    assert_eq!(problems, ["rule-syntax"]);
    assert_eq!(status, 2);

    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args([
            "scan",
            "--format",
            "sarif",
            "--fail-on",
            "none",
            "--rules",
            rules,
        ])
        .arg(examples)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    let notifications = invocation["toolConfigurationNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), 1, "{invocation:#}");
    let location = &notifications[0]["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("broken.rule")
    );
    assert_eq!(location["region"]["startLine"], 10, "{location:#}");
    assert!(
        invocation["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// A malformed suppression entry is refused at its line; the others still apply.
#[test]
fn a_bad_suppression_entry_is_refused_and_the_others_apply() {
    let examples = Path::new("testdata/examples");
    let (expected, _, _) = scan(&[examples]);
    let suppressed = expected[0]
        .split(' ')
        .next()
        .unwrap()
        .trim_matches('"')
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    fs::write(
        &config,
        format!("[[suppress]]\nrule = \"{suppressed}\"\nreason = \"accepted\"\n\n[[suppress]]\nrule = \"SUP001\"\nreson = \"typo\"\n"),
    )
    .unwrap();
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .args(["scan", "--format", "json", "--fail-on", "none", "--config"])
        .arg(&config)
        .arg(examples)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == suppressed.as_str() && !f["suppressed"].is_null()),
        "{findings:#?}"
    );
    let problems = report["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["line"] == 7
            && p["file"].as_str().unwrap().ends_with("config.toml")
            && p["message"]
                .as_str()
                .unwrap()
                .starts_with("suppression #2 is refused: unknown field `reson`")),
        "{problems:#?}"
    );
}

/// A template with old Mac line endings (a lone `\r`) loads and its findings are on the
/// lines an editor shows, the same as with `\n` or `\r\n`.
#[test]
fn lone_carriage_returns_are_line_ends() {
    let example = Path::new("testdata/examples/support-baseline.template.yaml");
    let (expected, _, _) = scan(&[example]);
    assert!(!expected.is_empty());
    let text = fs::read_to_string(example).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, ending) in [("cr", "\r"), ("crlf", "\r\n")] {
        let path = dir.path().join(format!("{name}.template.yaml"));
        fs::write(&path, text.replace('\n', ending)).unwrap();
        let (findings, problems, _) = scan(&[&path]);
        assert_eq!(findings, expected, "{name}");
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}

/// A JSON template whose strings hold surrogate-pair escapes (valid JSON, as serde_json
/// reads plans) loads; its findings are those of the same template without them.
#[test]
fn surrogate_pairs_in_json_templates_load() {
    let dir = tempfile::tempdir().unwrap();
    let template = |name: &str| {
        format!(
            r#"{{"Resources": {{"Open": {{"Type": "AWS::IAM::Role", "Properties": {{"RoleName": "{name}", "Description": "{name}", "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AWSSupportAccess"], "AssumeRolePolicyDocument": {{"Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "*"}}, "Action": "sts:AssumeRole"}}]}}}}}}}}}}"#
        )
    };
    let plain = dir.path().join("plain.template.json");
    fs::write(&plain, template("support-xx")).unwrap();
    let paired = dir.path().join("paired.template.json");
    fs::write(&paired, template("support-\\ud83d\\ude00")).unwrap();
    let (expected, problems, _) = scan(&[&plain]);
    assert!(
        !expected.is_empty() && problems.is_empty(),
        "{expected:?} {problems:?}"
    );
    let (findings, problems, _) = scan(&[&paired]);
    assert_eq!(findings, expected);
    assert!(problems.is_empty(), "{problems:?}");
}
