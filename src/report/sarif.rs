//! SARIF 2.1.0 for GitHub code scanning, built with the serde-sarif types: every rule that
//! ran in `tool.driver.rules`, every finding as a result with its place, resource,
//! fingerprints (ours, and GitHub's `primaryLocationLineHash` from the same identity) and
//! (with `--baseline`) baseline state; input problems as tool execution
//! notifications, each code in each file capped ([`crate::problem::capped`]: the first 20,
//! then one notification counting the rest; GitHub caps the results of a run, not its
//! notifications, but an upload is limited to 10 MB gzipped and 100,000 copies of one
//! warning help nobody). Suppressed findings are left out unless `--include-suppressed`: GitHub
//! ignores SARIF suppressions and would open alerts for them.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif;

use super::{Report, finding_place, place_of};
use crate::baseline::FINGERPRINT_KEY;
use crate::engine::explain::markdown_as_plain_text;
use crate::engine::{Finding, Rule};
use crate::lang::Level;
use crate::problem::{Problem, Severity};
use crate::source::Position;
use crate::source_root::{Place, directory_uri, file_uri, percent_encode};

fn text(value: &str) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(value.to_owned())
        .build()
}

fn level(level: Level) -> sarif::ResultLevel {
    match level {
        Level::Error => sarif::ResultLevel::Error,
        Level::Warning => sarif::ResultLevel::Warning,
        Level::Note => sarif::ResultLevel::Note,
    }
}

fn rule_descriptor(rule: &Rule) -> sarif::ReportingDescriptor {
    let meta = &rule.metadata;
    let mut tags: Vec<String> = meta
        .tags_with_security()
        .into_iter()
        .map(str::to_owned)
        .collect();
    tags.extend(meta.cis.iter().map(|c| format!("CIS {}", c.value)));
    tags.extend(meta.security_hub.iter().map(|c| c.value.clone()));
    let mut extra = BTreeMap::new();
    extra.insert(
        "security-severity".to_owned(),
        json!(format!("{:.1}", meta.security_severity.value)),
    );
    let mut descriptor = sarif::ReportingDescriptor::builder()
        .id(rule.id.clone())
        .name(rule.name.clone())
        .short_description(text(&meta.summary.value))
        .full_description(text(meta.description.value.trim()))
        .help(
            sarif::MultiformatMessageString::builder()
                .text(markdown_as_plain_text(&meta.help.value))
                .markdown(meta.help.value.clone())
                .build(),
        )
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(json!(meta.level.value.name()))
                .build(),
        )
        .properties(
            sarif::PropertyBag::builder()
                .tags(tags)
                .additional_properties(extra)
                .build(),
        )
        .build();
    descriptor.help_uri = meta.help_uri.as_ref().map(|uri| uri.value.clone());
    descriptor
}

fn physical(place: &Place, region: Option<sarif::Region>) -> sarif::PhysicalLocation {
    let location = artifact_location(place);
    match region {
        Some(region) => sarif::PhysicalLocation::builder()
            .artifact_location(location)
            .region(region)
            .build(),
        None => sarif::PhysicalLocation::builder()
            .artifact_location(location)
            .build(),
    }
}

/// GitHub's key for the fingerprint it tracks alerts by. Given one, upload-sarif keeps it
/// (and warns that it differs from the hash it would compute from the line's text).
const LINE_HASH_KEY: &str = "primaryLocationLineHash";

/// `primaryLocationLineHash` in the form GitHub computes it (a hex hash, `:`, and which
/// occurrence of that hash in the run it is), from the finding's identity rather than from
/// the text of its line: a plan that `terraform show -json` writes on one line would
/// otherwise give every finding a new hash at every change of the plan.
/// The hash part: the first 64 bits of our fingerprint.
fn line_hash(fingerprint: &str) -> &str {
    fingerprint.get(..16).unwrap_or(fingerprint)
}

/// The `primaryLocationLineHash` of each of `findings`, in order: the hash and which
/// occurrence of it among them this is (GitLab's code quality fingerprints are the same).
pub(super) fn line_hashes(findings: &[&Finding]) -> Vec<String> {
    let mut occurrences: BTreeMap<&str, usize> = BTreeMap::new();
    findings
        .iter()
        .map(|finding| {
            let hash = line_hash(&finding.fingerprint);
            let occurrence = occurrences.entry(hash).or_default();
            *occurrence += 1;
            format!("{hash}:{occurrence}")
        })
        .collect()
}

/// The SARIF region from `start` to `end`.
fn region(start: Position, end: Position) -> sarif::Region {
    // An empty span still marks one character, as GitHub shows it.
    let end_column = if end.line == start.line {
        end.column.max(start.column + 1)
    } else {
        end.column
    };
    sarif::Region::builder()
        .start_line(i64::from(start.line))
        .start_column(i64::from(start.column))
        .end_line(i64::from(end.line))
        .end_column(i64::from(end_column))
        .build()
}

/// `text` as plain text inside a SARIF message that has links: `[` and `]` (and the `\`
/// that escapes them) escaped.
fn escape_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The finding's evidence as related locations (ids from 1), and its message with each
/// mention linked to its location: `[statement Admin](1)`.
fn evidence(report: &Report<'_>, finding: &Finding) -> (String, Vec<sarif::Location>) {
    let message = &finding.message;
    let mut related = Vec::new();
    let mut text = String::with_capacity(message.len() + 8 * finding.evidence.len());
    let mut at = 0;
    for item in &finding.evidence {
        let (Some(file), Some(named)) = (
            report.file(Some(item.file)),
            message.get(item.range.clone()),
        ) else {
            continue;
        };
        if item.range.start < at {
            continue;
        }
        let id = related.len() + 1;
        let span = region(file.position(item.span.start), file.position(item.span.end));
        let mut location = sarif::Location::builder()
            .id(i64::try_from(id).unwrap_or_default())
            .message(sarif::Message::builder().text(named.to_owned()).build())
            .build();
        location.physical_location = Some(physical(&report.repository_place(file), Some(span)));
        related.push(location);
        text.push_str(&escape_message(&message[at..item.range.start]));
        text.push('[');
        text.push_str(&escape_message(named));
        text.push_str(&format!("]({id})"));
        at = item.range.end;
    }
    if related.is_empty() {
        return (message.clone(), related);
    }
    text.push_str(&escape_message(&message[at..]));
    (text, related)
}

fn result(report: &Report<'_>, finding: &Finding, line_hash: String) -> sarif::Result {
    let place = finding_place(finding, report);
    let region = place
        .start
        .zip(place.end)
        .map(|(start, end)| region(start, end));
    let (message, related) = evidence(report, finding);
    let mut location = sarif::Location::builder().build();
    location.physical_location = place.repository.as_ref().map(|path| physical(path, region));
    location.logical_locations = finding.address.as_ref().map(|address| {
        vec![
            sarif::LogicalLocation::builder()
                .fully_qualified_name(address.clone())
                .kind("resource".to_owned())
                .build(),
        ]
    });
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_owned(), finding.fingerprint.clone());
    fingerprints.insert(LINE_HASH_KEY.to_owned(), line_hash);
    let mut result = sarif::Result::builder()
        .rule_id(finding.rule.clone())
        .level(level(finding.level))
        .message(sarif::Message::builder().text(message).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .build();
    result.related_locations = (!related.is_empty()).then_some(related);
    result.rule_index = report
        .rules
        .rules
        .iter()
        .position(|rule| rule.id == finding.rule)
        .and_then(|index| i64::try_from(index).ok());
    result.suppressions = finding.suppressed.as_ref().map(|suppressed| {
        vec![
            sarif::Suppression::builder()
                .kind(json!(if suppressed.in_source {
                    "inSource"
                } else {
                    "external"
                }))
                .justification(suppressed.reason.clone())
                .build(),
        ]
    });
    if report.baseline {
        result.baseline_state = Some(json!(if finding.unchanged {
            "unchanged"
        } else {
            "new"
        }));
    }
    result
}

/// The notifications of the problems that are (or are not) of the tool's configuration.
fn notifications(report: &Report<'_>, configuration: bool) -> Vec<sarif::Notification> {
    crate::problem::capped(report.problems)
        .iter()
        .filter(|problem| problem.is_configuration() == configuration)
        .map(|problem| notification(report, problem))
        .collect()
}

fn notification(report: &Report<'_>, problem: &Problem) -> sarif::Notification {
    let place = place_of(problem, report);
    let mut notification = sarif::Notification::builder()
        .message(
            sarif::Message::builder()
                .text(problem.message.clone())
                .build(),
        )
        .level(json!(match problem.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }))
        .descriptor(
            sarif::ReportingDescriptorReference::builder()
                .id(problem.code.to_owned())
                .build(),
        )
        .build();
    if let Some(path) = place.repository {
        let region = place.position.map(|position| {
            sarif::Region::builder()
                .start_line(i64::from(position.line))
                .start_column(i64::from(position.column))
                .build()
        });
        notification.locations = Some(vec![
            sarif::Location::builder()
                .physical_location(physical(&path, region))
                .build(),
        ]);
    }
    notification
}

/// The tool's public page for SARIF `informationUri`: the crate's `homepage`, once
/// Cargo.toml names one (it is left out until the project's public address is settled).
fn information_uri() -> Option<&'static str> {
    Some(env!("CARGO_PKG_HOMEPAGE")).filter(|uri| !uri.is_empty())
}

pub(super) fn render(report: &Report<'_>) -> String {
    let mut driver = sarif::ToolComponent::builder()
        .name("supportscan".to_owned())
        .semantic_version(env!("CARGO_PKG_VERSION").to_owned())
        .rules(
            report
                .rules
                .rules
                .iter()
                .map(rule_descriptor)
                .collect::<Vec<_>>(),
        )
        .build();
    driver.information_uri = information_uri().map(str::to_owned);
    let shown: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|finding| report.include_suppressed || finding.suppressed.is_none())
        .collect();
    let results: Vec<sarif::Result> = shown
        .iter()
        .zip(line_hashes(&shown))
        .map(|(finding, hash)| result(report, finding, hash))
        .collect();
    let mut invocation = sarif::Invocation::builder()
        .execution_successful(report.summary.input_errors == 0)
        .tool_execution_notifications(notifications(report, false))
        .build();
    invocation.working_directory = report.root.map(|root| {
        sarif::ArtifactLocation::builder()
            .uri(directory_uri(root.working_directory()))
            .build()
    });
    let configuration = notifications(report, true);
    let invocation = if configuration.is_empty() {
        invocation
    } else {
        sarif::Invocation {
            tool_configuration_notifications: Some(configuration),
            ..invocation
        }
    };
    let mut run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .column_kind(json!("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(results)
        .build();
    run.original_uri_base_ids = report.root.map(|root| {
        BTreeMap::from([(
            SRCROOT.to_owned(),
            sarif::ArtifactLocation::builder()
                .uri(directory_uri(root.root()))
                .build(),
        )])
    });
    // upload-sarif lets the file's category win over its own `category` input, so the
    // file names one only when asked to.
    run.automation_details = report.category.map(|category| {
        sarif::RunAutomationDetails::builder()
            .id(format!("{category}/"))
            .build()
    });
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL.to_owned())
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// The base URI id of paths relative to the repository root.
const SRCROOT: &str = "%SRCROOT%";

/// An artifact location: a path inside the repository is relative to `%SRCROOT%`; one
/// outside it is a `file:` URI (SARIF forbids relative references that start with `/`).
fn artifact_location(place: &Place) -> sarif::ArtifactLocation {
    match place {
        Place::Absolute(path) => sarif::ArtifactLocation::builder()
            .uri(file_uri(path))
            .build(),
        Place::Relative(path) => sarif::ArtifactLocation::builder()
            .uri(percent_encode(path))
            .uri_base_id(SRCROOT.to_owned())
            .build(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_backslashes_of_plain_text_are_escaped_beside_links() {
        assert_eq!(
            escape_message(r"s3:Get* on arn:aws:s3:::b[1] \\ x"),
            r"s3:Get* on arn:aws:s3:::b\[1\] \\\\ x"
        );
        assert_eq!(escape_message("plain"), "plain");
    }

    #[test]
    fn relative_paths_stay_relative_and_absolute_ones_become_file_uris() {
        let json = |place| serde_json::to_value(artifact_location(&place)).unwrap();
        assert_eq!(
            json(Place::Relative("stacks/a b.yaml".into())),
            json!({"uri": "stacks/a%20b.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            json(Place::Absolute("/tmp/ünï.json".into())),
            json!({"uri": "file:///tmp/%C3%BCn%C3%AF.json"})
        );
        assert_eq!(
            json(Place::Absolute("C:/plans/plan.json".into())),
            json!({"uri": "file:///C:/plans/plan.json"})
        );
    }
}
