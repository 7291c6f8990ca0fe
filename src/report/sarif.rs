//! SARIF 2.1.0 for GitHub code scanning. Until the rule engine lands the run has no rules
//! and no results; input problems go in as tool execution notifications.

use serde_json::json;

use super::{Report, place_of};
use crate::problem::Severity;

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
                "rules": [],
            }},
            "automationDetails": {"id": "supportscan/"},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": report.summary.input_errors == 0,
                "toolExecutionNotifications": notifications,
            }],
            "results": [],
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
