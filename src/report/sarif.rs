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
                let mut physical = json!({"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}});
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
