//! SARIF as GitHub code scanning ingests it: the category, fingerprints that survive
//! unrelated edits, paths from the repository root, and where a finding points.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// `supportscan scan ARGS --format sarif` run in `dir`, parsed.
fn sarif_in(dir: &Path, args: &[&str]) -> Value {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir)
        .args(["scan", "--format", "sarif", "--fail-on", "none"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn examples(args: &[&str]) -> Value {
    let mut all = vec!["testdata/examples"];
    all.extend(args);
    sarif_in(Path::new("."), &all)
}

#[test]
fn a_category_is_written_only_when_given() {
    let run = &examples(&[])["runs"][0];
    assert!(run.get("automationDetails").is_none(), "{run:#}");
    let run = &examples(&["--category", "terraform"])["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "terraform/");
    let run = &examples(&["--category", "infra/prod/"])["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "infra/prod/");
}

#[test]
fn rule_help_is_plain_text_and_markdown() {
    let sarif = examples(&[]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        let text = rule["help"]["text"].as_str().unwrap();
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.contains("## What it flags"), "{}", rule["id"]);
        assert!(markdown.contains("```"), "{}", rule["id"]);
        assert!(!text.contains("```"), "{}: {text}", rule["id"]);
        assert!(!text.contains("## "), "{}: {text}", rule["id"]);
        assert!(!text.contains('`'), "{}: {text}", rule["id"]);
        assert!(text.starts_with("What it flags\n-------------\n"), "{text}");
    }
}
