//! The JSON documents are what docs/json.md says: real reports and rule listings are valid
//! against the checked-in JSON Schemas (docs/report.schema.json,
//! docs/rules-list.schema.json), which refuse any field they do not name, so a field added
//! without its documentation fails here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn validator(path: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn run(dir: &Path, args: &[&str]) -> serde_json::Value {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{args:?}: {error}: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn assert_valid(validator: &jsonschema::Validator, document: &serde_json::Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

const STACK: &str = "Resources:
  OnCall:
    Type: AWS::IAM::Group
    Metadata:
      supportscan:
        suppress:
          - {id: SUP004, reason: break-glass group}
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: supportapp.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: extra
          PolicyDocument:
            Statement:
              - {Sid: Storage, Effect: Allow, Action: 's3:*', Resource: '*'}
";

#[test]
fn scan_reports_match_the_report_schema() {
    let schema = validator("docs/report.schema.json");
    let here = Path::new(".");
    // Findings, not-evaluable checks and problems with inputs.
    let report = run(
        here,
        &[
            "scan",
            "testdata",
            "rules",
            "--format",
            "json",
            "--fail-on",
            "none",
        ],
    );
    assert!(!report["findings"].as_array().unwrap().is_empty());
    assert!(!report["not_evaluable"].as_array().unwrap().is_empty());
    assert!(!report["problems"].as_array().unwrap().is_empty());
    assert_valid(&schema, &report, "testdata and rules");
    // Suppressed findings (config and metadata), expired and unused suppressions, and a
    // baseline.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("stack.yaml"), STACK).unwrap();
    fs::write(
        dir.path().join(".supportscan.toml"),
        "[[suppress]]\nrule = \"APP002\"\nreason = \"reviewed\"\n\n\
         [[suppress]]\nrule = \"SUP002\"\nreason = \"old\"\nexpires = \"2020-01-01\"\n\n\
         [[suppress]]\nrule = \"SUP003\"\nreason = \"nothing to match\"\n",
    )
    .unwrap();
    let args = [
        "scan",
        "stack.yaml",
        "--format",
        "json",
        "--fail-on",
        "none",
    ];
    let suppressed = run(dir.path(), &args);
    assert_eq!(suppressed["summary"]["suppressed"], 2);
    assert_valid(&schema, &suppressed, "suppressions");
    Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "scan",
            "stack.yaml",
            "--format",
            "sarif",
            "-o",
            "base.sarif",
        ])
        .output()
        .unwrap();
    let mut with_baseline = args.to_vec();
    with_baseline.extend(["--baseline", "base.sarif"]);
    let compared = run(dir.path(), &with_baseline);
    assert!(compared["findings"][0]["baseline_state"].is_string());
    assert_valid(&schema, &compared, "baseline");
    // A scan of nothing.
    let empty = tempfile::tempdir().unwrap();
    let nothing = run(empty.path(), &["scan", ".", "--format", "json"]);
    assert!(nothing["empty_scan"].is_string());
    assert_valid(&schema, &nothing, "empty scan");
    // The schema bites: a field it does not name, or one missing, is refused.
    let mut extra = report.clone();
    extra["findings"][0]["severity"] = serde_json::json!("high");
    assert!(!schema.is_valid(&extra));
    let mut missing = report;
    missing["summary"].as_object_mut().unwrap().remove("rules");
    assert!(!schema.is_valid(&missing));
}

#[test]
fn rule_listings_match_the_rules_list_schema() {
    let schema = validator("docs/rules-list.schema.json");
    let listed = run(Path::new("."), &["rules", "list", "--format", "json"]);
    assert_eq!(listed["schema_version"], 1);
    assert_eq!(listed["rules"].as_array().unwrap().len(), 14);
    assert_valid(&schema, &listed, "rules list");
    let mut extra = listed;
    extra["rules"][0]["owner"] = serde_json::json!("me");
    assert!(!schema.is_valid(&extra));
}
