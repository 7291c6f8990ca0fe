//! The formats CI systems read besides SARIF: JUnit XML (GitLab, Jenkins and Azure DevOps
//! test tabs) and GitLab's code quality report. Both are snapshots of the examples; the
//! JUnit XML is parsed and held to the Ant/Jenkins structure those tools read (every
//! element and required attribute, counts that add up, only characters XML 1.0 allows),
//! and the code quality report is validated against docs/codequality.schema.json.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use quick_xml::events::{BytesStart, Event};
use supportscan::pipeline::{self, Settings};
use supportscan::progress::Progress;
use supportscan::report::{Format, Styling};

/// The examples through the library's pipeline, rendered in `format` (the time pinned to
/// zero so that the bytes are stable).
fn examples(format: Format) -> String {
    let settings = Settings {
        paths: vec![PathBuf::from("testdata/examples")],
        ..Settings::default()
    };
    let mut outcome = pipeline::run(&settings, &Progress::hidden()).unwrap();
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    outcome.elapsed = Duration::ZERO;
    outcome.render(format, Styling::Plain, None)
}

/// `supportscan scan ARGS` run in `dir`: its standard output and exit status.
fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = Command::cargo_bin("supportscan")
        .unwrap()
        .current_dir(dir)
        .arg("scan")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap(),
    )
}

/// An XML element as parsed: its name, attributes, children and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attribute(&self, name: &str) -> &str {
        self.attributes
            .get(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}: {:?}", self.name, self.attributes))
    }

    fn count(&self, name: &str) -> usize {
        self.attribute(name).parse().unwrap()
    }
}

fn element(start: &BytesStart<'_>) -> Element {
    let mut attributes = BTreeMap::new();
    for attribute in start.attributes() {
        let attribute = attribute.unwrap();
        let key = attribute.key.as_ref().to_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .unwrap()
            .into_owned();
        assert!(
            attributes.insert(key, value).is_none(),
            "a repeated attribute"
        );
    }
    Element {
        name: start.name().as_ref().to_owned(),
        attributes,
        ..Element::default()
    }
}

/// Parses a whole document (well-formed, or the test fails) into its root element.
fn parse(xml: &str) -> Element {
    assert!(
        xml.chars().all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)),
        "a character XML 1.0 forbids"
    );
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => stack.last_mut().unwrap().children.push(element(&start)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(text) => {
                let text = text.xml10_content();
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let c = match reference.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("an entity XML does not predefine: {other}"),
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Decl(_) => {}
            Event::Eof => break,
            other => panic!("unexpected {other:?}"),
        }
    }
    let mut document = stack.pop().unwrap();
    assert!(stack.is_empty(), "unclosed elements");
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

/// Checks the structure GitLab, Jenkins and Azure DevOps read, and gives the cases by
/// suite name: `(classname, name, outcome)` with outcome `passed`, `failure`, `error` or
/// `skipped`.
fn check_junit(xml: &str) -> BTreeMap<String, Vec<(String, String, String)>> {
    let root = parse(xml);
    assert_eq!(root.name, "testsuites");
    assert_eq!(root.attribute("name"), "supportscan");
    root.attribute("time").parse::<f64>().unwrap();
    let mut suites = BTreeMap::new();
    let mut totals = [0; 4];
    for suite in &root.children {
        assert_eq!(suite.name, "testsuite");
        assert!(!suite.attribute("name").is_empty());
        let mut counts = [0; 4];
        let mut cases = Vec::new();
        for case in &suite.children {
            assert_eq!(case.name, "testcase");
            assert!(!case.attribute("classname").is_empty());
            assert!(!case.attribute("name").is_empty());
            if let Some(line) = case.attributes.get("line") {
                assert!(line.parse::<u32>().unwrap() >= 1);
            }
            assert!(case.children.len() <= 1, "{case:?}");
            let outcome = match case.children.first() {
                None => "passed".to_owned(),
                Some(child) => {
                    match child.name.as_str() {
                        "failure" | "error" => {
                            assert!(!child.attribute("message").is_empty());
                            assert!(!child.attribute("type").is_empty());
                            assert!(!child.text.is_empty());
                        }
                        "skipped" => assert!(!child.attribute("message").is_empty()),
                        other => panic!("<{other}> in a testcase"),
                    }
                    child.name.clone()
                }
            };
            counts[0] += 1;
            match outcome.as_str() {
                "failure" => counts[1] += 1,
                "error" => counts[2] += 1,
                "skipped" => counts[3] += 1,
                _ => {}
            }
            cases.push((
                case.attribute("classname").to_owned(),
                case.attribute("name").to_owned(),
                outcome,
            ));
        }
        for (index, name) in ["tests", "failures", "errors", "skipped"]
            .iter()
            .enumerate()
        {
            assert_eq!(suite.count(name), counts[index], "{name} of {suite:?}");
            totals[index] += counts[index];
        }
        suites.insert(suite.attribute("name").to_owned(), cases);
    }
    for (index, name) in ["tests", "failures", "errors", "skipped"]
        .iter()
        .enumerate()
    {
        assert_eq!(root.count(name), totals[index], "{name} of the testsuites");
    }
    suites
}

#[test]
fn junit_report_of_the_examples() {
    let xml = examples(Format::Junit);
    let suites = check_junit(&xml);
    // A suite per rule: failures where the examples have findings, a passing case for
    // each clean rule, SUP001 skipped without --account-baseline.
    assert_eq!(suites.len(), 14, "{:?}", suites.keys());
    let failures: usize = suites
        .values()
        .flatten()
        .filter(|(_, _, outcome)| outcome == "failure")
        .count();
    assert_eq!(failures, 4);
    assert_eq!(
        suites["SUP001 support-role-missing"],
        [(
            "supportscan.SUP001".to_owned(),
            "not run".to_owned(),
            "skipped".to_owned()
        )]
    );
    assert_eq!(
        suites["SUP002 support-role-open-trust"][0].2, "passed",
        "a rule without findings passes"
    );
    insta::assert_snapshot!(xml);
}

#[test]
fn code_quality_report_of_the_examples() {
    let report = examples(Format::Codequality);
    let issues: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_valid(&issues);
    assert_eq!(issues.as_array().unwrap().len(), 4);
    insta::assert_snapshot!(report);
}

fn assert_valid(issues: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("docs/codequality.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(issues)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{issues:#}");
    let fingerprints: BTreeSet<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(
        fingerprints.len(),
        issues.as_array().unwrap().len(),
        "unique"
    );
}

/// The code quality fingerprints are the SARIF `primaryLocationLineHash`es, and paths
/// are named from the repository root even when the scan runs in a subdirectory.
#[test]
fn code_quality_matches_sarif_and_names_paths_from_the_root() {
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let (quality, status) = run(&testdata, &["examples", "--format", "codequality"]);
    assert_eq!(status, 1);
    let quality: serde_json::Value = serde_json::from_str(&quality).unwrap();
    assert_valid(&quality);
    let (sarif, _) = run(&testdata, &["examples", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let from_sarif: BTreeSet<(String, String, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            let location = &result["locations"][0]["physicalLocation"];
            (
                result["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                location["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let from_quality: BTreeSet<(String, String, u64)> = quality
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| {
            (
                issue["fingerprint"].as_str().unwrap().to_owned(),
                issue["location"]["path"].as_str().unwrap().to_owned(),
                issue["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(from_quality, from_sarif);
    assert!(
        from_quality
            .iter()
            .all(|(_, path, _)| path.starts_with("testdata/examples/")),
        "{from_quality:?}"
    );
}

/// A template whose names carry markup, XML's own delimiters and control characters (an
/// escape sequence, NUL's neighbours, a bidi override) still gives a well-formed report
/// that shows them visibly; a broken input is an `error` case and a `blocker` issue.
#[test]
fn hostile_names_and_broken_inputs_stay_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("stack.yaml"),
        "Resources:\n  \"On\\eCall<&]]>\\x01\\u202e'\\\"\":\n    Type: AWS::IAM::Group\n    Properties:\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]\n",
    )
    .unwrap();
    fs::write(dir.path().join("broken.template.yaml"), "Resources: [\n").unwrap();
    let (xml, status) = run(dir.path(), &[".", "--format", "junit"]);
    assert_eq!(status, 2);
    let suites = check_junit(&xml);
    let sup004 = &suites["SUP004 support-access-not-via-role"];
    assert_eq!(sup004.len(), 1, "{sup004:?}");
    let (_, name, outcome) = &sup004[0];
    assert_eq!(outcome, "failure");
    assert!(
        name.starts_with(r#"On\u{1b}Call<&]]>\u{1}\u{202e}'" in "#),
        "{name}"
    );
    let inputs = &suites["supportscan inputs"];
    assert!(
        inputs
            .iter()
            .any(|(_, name, outcome)| name.starts_with("parse-error in ") && outcome == "error"),
        "{inputs:?}"
    );
    let (quality, _) = run(dir.path(), &[".", "--format", "codequality"]);
    let quality: serde_json::Value = serde_json::from_str(&quality).unwrap();
    assert_valid(&quality);
    assert!(
        quality
            .as_array()
            .unwrap()
            .iter()
            .any(|issue| issue["severity"] == "blocker"
                && issue["check_name"] == "supportscan/parse-error"),
        "{quality:#}"
    );
}

/// Every fixture and rule test input at once (findings, undecided checks, problems of
/// every kind) gives reports of the documented shape.
#[test]
fn every_fixture_gives_well_formed_reports() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args = ["testdata", "rules", "--fail-on", "none", "--format"];
    let (xml, _) = run(here, &[&args[..], &["junit"]].concat());
    let outcomes: BTreeSet<String> = check_junit(&xml)
        .into_values()
        .flatten()
        .map(|(_, _, outcome)| outcome)
        .collect();
    assert_eq!(
        outcomes,
        ["error", "failure", "passed", "skipped"]
            .map(str::to_owned)
            .into(),
        "every kind of case"
    );
    assert!(xml.contains("<skipped message=\"not evaluable: "));
    let (quality, _) = run(here, &[&args[..], &["codequality"]].concat());
    assert_valid(&serde_json::from_str(&quality).unwrap());
}

/// Suppressed findings and those already in the baseline are skipped cases that say
/// why; the code quality report leaves the suppressed out.
#[test]
fn suppressed_and_baseline_findings_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("stack.yaml"),
        "Resources:
  OnCall:
    Type: AWS::IAM::Group
    Metadata:
      supportscan:
        suppress:
          - {id: SUP004, reason: break-glass group}
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
  Ops:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
",
    )
    .unwrap();
    let (_, status) = run(
        dir.path(),
        &["stack.yaml", "--fail-on", "none", "-o", "sarif=base.sarif"],
    );
    assert_eq!(status, 0);
    let (xml, status) = run(
        dir.path(),
        &[
            "stack.yaml",
            "--baseline",
            "base.sarif",
            "--format",
            "junit",
        ],
    );
    assert_eq!(status, 0, "nothing new");
    let sup004 = &check_junit(&xml)["SUP004 support-access-not-via-role"];
    let names: Vec<(&str, &str)> = sup004
        .iter()
        .map(|(_, name, outcome)| (name.as_str(), outcome.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("OnCall in stack.yaml", "skipped"),
            ("Ops in stack.yaml", "skipped")
        ]
    );
    assert!(xml.contains("<skipped message=\"suppressed: break-glass group\"/>"));
    assert!(xml.contains("<skipped message=\"unchanged since the baseline: "));
    let (quality, _) = run(dir.path(), &["stack.yaml", "--format", "codequality"]);
    let quality: serde_json::Value = serde_json::from_str(&quality).unwrap();
    assert_valid(&quality);
    let checks: Vec<&str> = quality
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["check_name"].as_str().unwrap())
        .collect();
    assert_eq!(checks, ["SUP004"], "the suppressed finding is left out");
}
