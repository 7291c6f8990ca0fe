//! JUnit XML for the test tabs of GitLab, Jenkins and Azure DevOps: one `testsuite` per
//! rule, so that each rule reads as a test and each resource it flags as a failed case.
//!
//! - A finding is a `testcase` (classname `supportscan.RULE`, named by its resource and
//!   file, never its line, so that a case keeps its name from one commit to the next and
//!   GitLab can tell new failures from old ones) with a `failure` of its level, its
//!   message as the `message` attribute and its place, message and resource as text.
//!   A suppressed finding, or one already in the `--baseline`, is a `skipped` case that
//!   says why.
//! - A rule that ran and found nothing is one passing case, `no findings`; a check that
//!   could not be decided is a `skipped` case with its reason; an account-scope rule that
//!   did not run (no `--account-baseline`) is one `skipped` case.
//! - The problems with inputs make a last suite, `supportscan inputs`: an error (the
//!   scan cannot be trusted) is an `error` case, a warning a `skipped` one.
//!
//! The shape is the Ant/Jenkins one these tools read: `testsuites` (name, counts, time)
//! holding `testsuite`s (name, tests, failures, errors, skipped) of `testcase`s
//! (classname, name, and GitLab's `file` and `line`). No timestamp or host name is
//! written, so that one scan's report is the same bytes wherever it runs.
//!
//! Text from the inputs is escaped for XML, and the characters XML 1.0 forbids (most C0
//! controls, U+FFFE, U+FFFF) or that hide text (C1 controls, bidi overrides) are written
//! visibly as `\u{1b}`, never raw.

use std::fmt::Write as _;

use super::{Report, finding_place, place_of};
use crate::engine::{Finding, NotEvaluable, Rule, RuleOrigin};
use crate::problem::{Problem, Severity};
use crate::visible;

/// One test case as written.
struct Case {
    classname: String,
    name: String,
    file: Option<String>,
    line: Option<u32>,
    outcome: CaseOutcome,
}

/// How a case ended.
enum CaseOutcome {
    Passed,
    /// A finding: its level, message and details.
    Failed {
        kind: &'static str,
        message: String,
        details: String,
    },
    /// A problem that makes the scan untrustworthy.
    Error {
        kind: &'static str,
        message: String,
        details: String,
    },
    Skipped(String),
}

/// A suite: its name and cases.
struct Suite {
    name: String,
    cases: Vec<Case>,
}

impl Suite {
    fn count(&self, wanted: fn(&CaseOutcome) -> bool) -> usize {
        self.cases
            .iter()
            .filter(|case| wanted(&case.outcome))
            .count()
    }
}

fn failed(outcome: &CaseOutcome) -> bool {
    matches!(outcome, CaseOutcome::Failed { .. })
}

fn errored(outcome: &CaseOutcome) -> bool {
    matches!(outcome, CaseOutcome::Error { .. })
}

fn skipped(outcome: &CaseOutcome) -> bool {
    matches!(outcome, CaseOutcome::Skipped(_))
}

fn any(_: &CaseOutcome) -> bool {
    true
}

pub(super) fn render(report: &Report<'_>) -> String {
    let mut suites: Vec<Suite> = Vec::new();
    let mut ids: Vec<&str> = report.rules.rules.iter().map(|r| r.id.as_str()).collect();
    for finding in report.findings {
        if !ids.contains(&finding.rule.as_str()) {
            ids.push(&finding.rule);
        }
    }
    for id in ids {
        suites.push(rule_suite(report, id));
    }
    let problems = crate::problem::capped(report.problems);
    if !problems.is_empty() {
        suites.push(Suite {
            name: "supportscan inputs".to_owned(),
            cases: problems
                .iter()
                .map(|problem| problem_case(report, problem))
                .collect(),
        });
    }
    let total = |wanted: fn(&CaseOutcome) -> bool| -> usize {
        suites.iter().map(|suite| suite.count(wanted)).sum()
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"supportscan\" tests=\"{}\" failures=\"{}\" errors=\"{}\" \
         skipped=\"{}\" time=\"{}.{:03}\">",
        total(any),
        total(failed),
        total(errored),
        total(skipped),
        report.summary.elapsed_ms / 1000,
        report.summary.elapsed_ms % 1000
    );
    for suite in &suites {
        write_suite(&mut out, suite);
    }
    out.push_str("</testsuites>\n");
    out
}

fn write_suite(out: &mut String, suite: &Suite) {
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        attribute(&suite.name),
        suite.count(any),
        suite.count(failed),
        suite.count(errored),
        suite.count(skipped)
    );
    for case in &suite.cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            attribute(&case.classname),
            attribute(&case.name)
        );
        if let Some(file) = &case.file {
            let _ = write!(out, " file=\"{}\"", attribute(file));
        }
        if let Some(line) = case.line {
            let _ = write!(out, " line=\"{line}\"");
        }
        match &case.outcome {
            CaseOutcome::Passed => out.push_str("/>\n"),
            CaseOutcome::Skipped(why) => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    attribute(why)
                );
            }
            CaseOutcome::Failed {
                kind,
                message,
                details,
            }
            | CaseOutcome::Error {
                kind,
                message,
                details,
            } => {
                let element = if failed(&case.outcome) {
                    "failure"
                } else {
                    "error"
                };
                let _ = writeln!(
                    out,
                    ">\n      <{element} type=\"{kind}\" message=\"{}\">{}</{element}>\n    </testcase>",
                    attribute(message),
                    text(details)
                );
            }
        }
    }
    out.push_str("  </testsuite>\n");
}

/// The suite of one rule: a case per finding and per undecided check, or one passing
/// (or, for a rule that did not run, skipped) case.
fn rule_suite(report: &Report<'_>, id: &str) -> Suite {
    let rule = report.rules.rule(id);
    let classname = format!("supportscan.{id}");
    let mut cases: Vec<Case> = report
        .findings
        .iter()
        .filter(|finding| finding.rule == id)
        .map(|finding| finding_case(report, finding, rule, &classname))
        .collect();
    cases.extend(
        report
            .not_evaluable
            .iter()
            .filter(|item| item.rule == id)
            .map(|item| not_evaluable_case(report, item, &classname)),
    );
    if cases.is_empty() {
        let (name, outcome) = if report.summary.rules_not_run.iter().any(|r| r == id) {
            (
                "not run",
                CaseOutcome::Skipped(
                    "an account-scope rule runs only with --account-baseline".to_owned(),
                ),
            )
        } else {
            ("no findings", CaseOutcome::Passed)
        };
        cases.push(Case {
            classname: classname.clone(),
            name: name.to_owned(),
            file: None,
            line: None,
            outcome,
        });
    }
    Suite {
        name: match rule {
            Some(rule) => format!("{id} {}", rule.name),
            None => id.to_owned(),
        },
        cases,
    }
}

/// A case's name: the resource and the file it is in, whichever are known.
fn case_name(address: Option<&str>, file: Option<&str>) -> String {
    match (address, file) {
        (Some(address), Some(file)) => format!("{address} in {file}"),
        (Some(address), None) => address.to_owned(),
        (None, Some(file)) => file.to_owned(),
        (None, None) => "the account".to_owned(),
    }
}

fn finding_case(
    report: &Report<'_>,
    finding: &Finding,
    rule: Option<&Rule>,
    classname: &str,
) -> Case {
    let place = finding_place(finding, report);
    let file = place.repository.as_ref().map(|p| p.as_str().to_owned());
    let mut details = String::new();
    if let Some(file) = &file {
        details.push_str(file);
        if let Some(start) = place.start {
            let _ = write!(details, ":{}:{}", start.line, start.column);
        }
        details.push('\n');
    }
    details.push_str(&finding.message);
    if let Some(address) = &finding.address {
        let _ = write!(details, "\nresource: {address}");
    }
    if finding.conditional {
        details.push_str("\nonly under some of the template's conditions");
    }
    if let Some(rule) = rule {
        let _ = write!(details, "\nrule: {} {}", rule.id, rule.name);
        if matches!(rule.origin, RuleOrigin::BuiltIn(_)) {
            let _ = write!(details, "\nmore: supportscan rules explain {}", rule.id);
        }
    }
    let outcome = match (&finding.suppressed, finding.unchanged) {
        (Some(suppressed), _) => CaseOutcome::Skipped(format!("suppressed: {}", suppressed.reason)),
        (None, true) => {
            CaseOutcome::Skipped(format!("unchanged since the baseline: {}", finding.message))
        }
        (None, false) => CaseOutcome::Failed {
            kind: finding.level.name(),
            message: finding.message.clone(),
            details,
        },
    };
    Case {
        classname: classname.to_owned(),
        name: case_name(finding.address.as_deref(), file.as_deref()),
        line: place.start.map(|start| start.line),
        file,
        outcome,
    }
}

fn not_evaluable_case(report: &Report<'_>, item: &NotEvaluable, classname: &str) -> Case {
    let file = report
        .file(item.file)
        .map(|file| report.repository_place(file).as_str().to_owned());
    Case {
        classname: classname.to_owned(),
        name: case_name(item.address.as_deref(), file.as_deref()),
        file,
        line: None,
        outcome: CaseOutcome::Skipped(format!("not evaluable: {}", item.reason)),
    }
}

fn problem_case(report: &Report<'_>, problem: &Problem) -> Case {
    let place = place_of(problem, report);
    let file = place.repository.as_ref().map(|p| p.as_str().to_owned());
    let mut details = String::new();
    if let Some(file) = &file {
        details.push_str(file);
        if let Some(position) = place.position {
            let _ = write!(details, ":{}:{}", position.line, position.column);
        }
        details.push('\n');
    }
    details.push_str(&problem.message);
    let outcome = match problem.severity {
        Severity::Error => CaseOutcome::Error {
            kind: problem.code,
            message: problem.message.clone(),
            details,
        },
        Severity::Warning => CaseOutcome::Skipped(format!("warning: {}", problem.message)),
    };
    Case {
        classname: "supportscan.inputs".to_owned(),
        name: match &file {
            Some(file) => format!("{} in {file}", problem.code),
            None => problem.code.to_owned(),
        },
        line: place.position.map(|position| position.line),
        file,
        outcome,
    }
}

/// `value` as an attribute value between double quotes, on one line.
fn attribute(value: &str) -> String {
    escape(&visible::line(value))
}

/// `value` as character data; its lines are kept.
fn text(value: &str) -> String {
    escape(&visible::lines(value))
}

/// Markup characters as references; the noncharacters U+FFFE and U+FFFF, which XML 1.0
/// forbids and [`visible`] leaves alone, shown as `\u{fffe}`. Every other character XML
/// forbids is a control that [`visible`] has already made visible.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether XML 1.0 allows `c` in a document (its `Char` production).
    fn xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    }

    #[test]
    fn markup_is_escaped_and_forbidden_characters_are_shown() {
        assert_eq!(
            attribute("a<b>&\"c\" 'd'"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;"
        );
        let hostile: String = (0u32..0x20)
            .chain([0x7f, 0x9b, 0x202e, 0xfffe, 0xffff])
            .filter_map(char::from_u32)
            .collect();
        for escaped in [attribute(&hostile), text(&hostile)] {
            assert!(escaped.chars().all(xml_char), "{escaped:?}");
            assert!(
                escaped.contains(r"\u{0}") && escaped.contains(r"\u{1b}"),
                "{escaped}"
            );
            assert!(escaped.contains(r"\u{202e}") && escaped.contains(r"\u{ffff}"));
        }
        assert!(!attribute("one\ntwo").contains('\n'));
        assert_eq!(text("one\ntwo"), "one\ntwo");
    }
}
