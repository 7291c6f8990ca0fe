//! Several reports from one scan: `--output [FORMAT=]FILE`, repeatable, with `-` for
//! standard output, and standard output getting the `--format` report unless taken.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/examples")
}

/// `supportscan scan` of the examples, run in `dir`, with the colour left to the
/// environment's defaults.
fn scan(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("supportscan").unwrap();
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "FORCE_COLOR"] {
        command.env_remove(name);
    }
    command.current_dir(dir).arg("scan").arg(examples());
    command
}

fn without_time(json: &str) -> serde_json::Value {
    let mut report: serde_json::Value = serde_json::from_str(json).unwrap();
    report["summary"]["elapsed_ms"] = serde_json::json!(0);
    report
}

#[test]
fn one_run_writes_what_separate_runs_write() {
    let dir = tempfile::tempdir().unwrap();
    let separate = |format: &str| {
        let file = dir.path().join(format!("alone.{format}"));
        scan(dir.path())
            .args(["--format", format, "-o"])
            .arg(&file)
            .assert()
            .code(1)
            .stdout("");
        fs::read_to_string(file).unwrap()
    };
    let (sarif, markdown, json) = (separate("sarif"), separate("markdown"), separate("json"));
    scan(dir.path())
        .args([
            "--output",
            "sarif=all.sarif",
            "--output",
            "markdown=all.md",
            "-o",
            "json=all.json",
        ])
        .assert()
        .code(1)
        // Standard output still gets the --format (text) report.
        .stdout(predicate::str::contains(
            "4 findings (2 errors, 2 warnings)",
        ));
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("all.sarif"), sarif);
    assert_eq!(read("all.md"), markdown);
    assert_eq!(without_time(&read("all.json")), without_time(&json));
    assert!(sarif.contains("\"ruleId\": \"APP002\""), "{sarif}");
}

#[test]
fn annotations_on_standard_output_and_sarif_in_a_file() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path())
        .args(["--format", "github", "--output", "sarif=r.sarif"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("::error file="));
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("r.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn a_dash_is_standard_output_and_takes_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let output = scan(dir.path())
        .args(["--output", "json=-", "--output", "markdown=summary.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    // Only the JSON: the text report does not follow it.
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["errors"], 2);
    assert!(
        fs::read_to_string(dir.path().join("summary.md"))
            .unwrap()
            .starts_with("## supportscan")
    );
    // A plain `-` is the --format report, written once.
    scan(dir.path())
        .args(["--format", "sarif", "-o", "-"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("{").and(predicate::str::contains("\"2.1.0\"")));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn two_outputs_to_one_file_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path())
        .args(["-o", "sarif=r.sarif", "-o", "json=./r.sarif"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--output sarif=r.sarif and --output json=./r.sarif both write to one file",
        ))
        .stderr(predicate::str::contains("Usage: supportscan scan"));
    assert!(!dir.path().join("r.sarif").exists(), "nothing is scanned");
    scan(dir.path())
        .args(["-o", "-", "-o", "json=-"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("both write to standard output"));
}

#[test]
fn an_unknown_format_prefix_is_refused_and_a_path_with_equals_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path())
        .args(["-o", "xml=r.xml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("`xml` is not a format"))
        .stderr(predicate::str::contains("`./xml=r.xml`"));
    assert!(!dir.path().join("xml=r.xml").exists());
    // Written as a path, the same name is a file in the --format format.
    scan(dir.path())
        .args(["--format", "sarif", "-o", "./xml=r.xml"])
        .assert()
        .code(1)
        .stdout("");
    let written = fs::read_to_string(dir.path().join("xml=r.xml")).unwrap();
    assert!(written.contains("\"2.1.0\""), "{written}");
}

#[test]
fn files_are_plain_when_standard_output_is_coloured() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .args(["-o", "text=report.txt"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\u{1b}["));
    let text = fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(text.contains("error[APP002]"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn an_output_that_cannot_be_written_fails_the_run_but_not_the_others() {
    let dir = tempfile::tempdir().unwrap();
    scan(dir.path())
        .args(["-o", "sarif=missing/r.sarif", "-o", "json=r.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write missing/r.sarif"))
        .stdout(predicate::str::contains("4 findings"));
    assert!(dir.path().join("r.json").exists());
}
