//! GitLab's code quality report (a subset of the Code Climate issue format): a JSON array
//! of issues, which GitLab shows in the merge request widget and the diff.
//!
//! Each finding not suppressed is an issue: `check_name` its rule ID, `description` its
//! message, `fingerprint` the same stable identity SARIF gives GitHub
//! (`primaryLocationLineHash`: from the rule, resource and what it is about, not from line
//! text, and unique in the report), `location.path` from the repository root and
//! `location.lines.begin` its first line. `severity` follows the rule's security severity
//! as GitHub ranks it: critical (9.0 and above) `critical`, high (7.0) `major`, medium
//! (4.0) `minor`, low `info`. A finding with no file (an account-scope rule) is placed at
//! the repository root, `.`, line 1.
//!
//! A problem with an input is an issue too when it has a file (`check_name`
//! `supportscan/CODE`): an error, which makes the scan untrustworthy, is a `blocker`; a
//! warning is `info`.
//!
//! docs/codequality.schema.json is the JSON Schema of the format, written from GitLab's
//! documented fields; a test validates real reports with it.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::sarif::line_hashes;
use super::{Report, finding_place, place_of};
use crate::engine::finding::fingerprint;
use crate::engine::{Finding, Rule};
use crate::problem::{Problem, Severity};

pub(super) fn render(report: &Report<'_>) -> String {
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|finding| finding.suppressed.is_none())
        .collect();
    let mut issues: Vec<Value> = shown
        .iter()
        .zip(line_hashes(&shown))
        .map(|(finding, hash)| finding_issue(report, finding, hash))
        .collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for problem in crate::problem::capped(report.problems).iter() {
        if let Some((issue, fingerprint)) = problem_issue(report, problem) {
            // Two problems alike at one place still get fingerprints of their own.
            let occurrence = seen.entry(fingerprint.clone()).or_default();
            *occurrence += 1;
            let mut issue = issue;
            issue["fingerprint"] = json!(format!("{fingerprint}:{occurrence}"));
            issues.push(issue);
        }
    }
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

/// GitLab's severity for a rule's security severity.
fn severity(rule: Option<&Rule>) -> &'static str {
    match rule.map(|rule| rule.metadata.security_severity.value) {
        Some(score) if score >= 9.0 => "critical",
        Some(score) if score >= 7.0 => "major",
        Some(score) if score >= 4.0 => "minor",
        _ => "info",
    }
}

fn finding_issue(report: &Report<'_>, finding: &Finding, fingerprint: String) -> Value {
    let place = finding_place(finding, report);
    let path = place
        .repository
        .as_ref()
        .map_or_else(|| ".".to_owned(), |place| place.as_str().to_owned());
    json!({
        "type": "issue",
        "engine_name": "supportscan",
        "check_name": finding.rule,
        "description": finding.message,
        "categories": ["Security"],
        "severity": severity(report.rules.rule(&finding.rule)),
        "fingerprint": fingerprint,
        "location": {
            "path": path,
            "lines": {"begin": place.start.map_or(1, |start| start.line)},
        },
    })
}

/// The issue of a problem that has a file, and the fingerprint of what it says where.
fn problem_issue(report: &Report<'_>, problem: &Problem) -> Option<(Value, String)> {
    let place = place_of(problem, report);
    let path = place.repository?.as_str().to_owned();
    let line = place.position.map_or(1, |position| position.line);
    let check_name = format!("supportscan/{}", problem.code);
    let identity = fingerprint(&[&check_name, &path, &line.to_string(), &problem.message]);
    let issue = json!({
        "type": "issue",
        "engine_name": "supportscan",
        "check_name": check_name,
        "description": problem.message,
        "categories": ["Bug Risk"],
        "severity": match problem.severity {
            Severity::Error => "blocker",
            Severity::Warning => "info",
        },
        "fingerprint": identity,
        "location": {"path": path, "lines": {"begin": line}},
    });
    Some((issue, identity))
}
