//! The JSON report for scripts, versioned by `"schema_version"` (1: summary, problems, and
//! an empty findings list until the rules land).

use serde_json::json;

use super::{Report, place_of};

pub(super) fn render(report: &Report<'_>) -> String {
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|problem| {
            let place = place_of(problem, report.files);
            json!({
                "code": problem.code,
                "severity": problem.severity,
                "file": place.path,
                "line": place.position.map(|p| p.line),
                "column": place.position.map(|p| p.column),
                "message": problem.message,
            })
        })
        .collect();
    let document = json!({
        "schema_version": 1,
        "tool": {"name": "supportscan", "version": env!("CARGO_PKG_VERSION")},
        "summary": report.summary,
        "findings": [],
        "problems": problems,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
