//! The SARIF we write is valid against the SARIF 2.1.0 JSON schema (serde-sarif gives the
//! types but validates nothing). GitHub's own ingestion rules are checked in `.ci/run`
//! with the Microsoft SARIF Multitool, which needs Node; this test needs nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

#[test]
fn sarif_of_examples_fixtures_and_rule_tests_matches_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("testdata/sarif-schema-2.1.0.json").unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for input in [
        "testdata/examples",
        "testdata/cloudformation",
        "testdata/parse",
        "rules",
    ] {
        let output = Command::cargo_bin("supportscan")
            .unwrap()
            .args([
                "scan",
                input,
                "--format",
                "sarif",
                "--fail-on",
                "none",
                "--include-suppressed",
            ])
            .output()
            .unwrap();
        let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{input}: {errors:#?}");
        assert!(
            !sarif["runs"][0]["tool"]["driver"]["rules"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        // The check can fail: a flag that is not a boolean is refused.
        let mut broken = sarif.clone();
        broken["runs"][0]["invocations"][0]["executionSuccessful"] = serde_json::json!("yes");
        assert!(validator.iter_errors(&broken).next().is_some());
    }
}
