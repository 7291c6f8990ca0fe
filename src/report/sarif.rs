//! SARIF 2.1.0 for GitHub code scanning: every rule that ran in `tool.driver.rules`,
//! every finding as a result with its place, resource and fingerprint; input problems go
//! in as tool execution notifications.

use serde_json::json;

use super::{Report, finding_place, place_of};
use crate::engine::Rule;
use crate::problem::Severity;

fn rule_descriptor(rule: &Rule) -> serde_json::Value {
    let meta = &rule.metadata;
    let mut tags: Vec<String> = meta
        .tags_with_security()
        .into_iter()
        .map(str::to_owned)
        .collect();
    tags.extend(meta.cis.iter().map(|c| format!("CIS {}", c.value)));
    tags.extend(meta.security_hub.iter().map(|c| c.value.clone()));
    json!({
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": meta.summary.value},
        "fullDescription": {"text": meta.description.value},
        "help": {"text": meta.help.value, "markdown": meta.help.value},
        "defaultConfiguration": {"level": meta.level.value.name()},
        "properties": {
            "tags": tags,
            "security-severity": format!("{:.1}", meta.security_severity.value),
        },
    })
}

fn results(report: &Report<'_>) -> Vec<serde_json::Value> {
    report
        .findings
        .iter()
        // GitHub ignores SARIF suppressions and would open alerts for them.
        .filter(|finding| report.include_suppressed || finding.suppressed.is_none())
        .map(|finding| {
            let place = finding_place(finding, report.files);
            let mut result = json!({
                "ruleId": finding.rule,
                "level": finding.level.name(),
                "message": {"text": finding.message},
                "partialFingerprints": {crate::baseline::FINGERPRINT_KEY: finding.fingerprint},
            });
            if let Some(index) = report.rules.rules.iter().position(|r| r.id == finding.rule) {
                result["ruleIndex"] = json!(index);
            }
            let mut location = json!({});
            if let Some(path) = &place.path {
                let mut physical = json!({"artifactLocation": artifact_location(path)});
                if let (Some(start), Some(end)) = (place.start, place.end) {
                    physical["region"] = json!({
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column.max(if end.line == start.line { start.column + 1 } else { 1 }),
                    });
                }
                location["physicalLocation"] = physical;
            }
            if let Some(address) = &finding.address {
                location["logicalLocations"] = json!([{
                    "fullyQualifiedName": address,
                    "kind": "resource",
                }]);
            }
            result["locations"] = json!([location]);
            if let Some(suppressed) = &finding.suppressed {
                result["suppressions"] = json!([{
                    "kind": if suppressed.in_source { "inSource" } else { "external" },
                    "justification": suppressed.reason,
                }]);
            }
            if report.baseline {
                result["baselineState"] = json!(if finding.unchanged { "unchanged" } else { "new" });
            }
            result
        })
        .collect()
}

pub(super) fn render(report: &Report<'_>) -> String {
    let notifications: Vec<_> = report
        .problems
        .iter()
        .map(|problem| {
            let place = place_of(problem, report.files);
            let mut notification = json!({
                "level": match problem.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": problem.message},
                "descriptor": {"id": problem.code},
            });
            if let Some(path) = place.path {
                let mut physical = json!({"artifactLocation": artifact_location(&path)});
                if let Some(position) = place.position {
                    physical["region"] = json!({"startLine": position.line, "startColumn": position.column});
                }
                notification["locations"] = json!([{"physicalLocation": physical}]);
            }
            notification
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "supportscan",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": report.rules.rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
            }},
            "automationDetails": {"id": "supportscan/"},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.summary.input_errors == 0,
                "toolExecutionNotifications": notifications,
            }],
            "results": results(report),
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// An artifact location: a relative path stays relative to the source root; an absolute
/// path becomes a `file://` URI (SARIF forbids relative references that start with `/`).
fn artifact_location(path: &str) -> serde_json::Value {
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", percent_encode(path))})
    } else {
        json!({"uri": percent_encode(path), "uriBaseId": "%SRCROOT%"})
    }
}

/// Percent-encodes what may not stand in a URI path (RFC 3986: unreserved characters,
/// `/` and sub-delimiters stay as they are).
fn percent_encode(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if keep {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_relative_and_absolute_ones_become_file_uris() {
        assert_eq!(
            artifact_location("stacks/a b.yaml"),
            json!({"uri": "stacks/a%20b.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/tmp/ünï.json"),
            json!({"uri": "file:///tmp/%C3%BCn%C3%AF.json"})
        );
    }
}
