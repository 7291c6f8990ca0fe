//! The JSON report for scripts, versioned by `"schema_version"`: summary, findings,
//! not-evaluable checks and problems with inputs. docs/json.md describes it and
//! docs/report.schema.json is its JSON Schema (a test validates real reports with it).

use serde_json::json;

use super::{Report, finding_place, place_of};
use crate::engine::listing::Tool;

/// The version of the report's shape: additions keep it, a field removed or changed in
/// meaning raises it.
const REPORT_SCHEMA_VERSION: u32 = 1;

pub(super) fn render(report: &Report<'_>) -> String {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|finding| {
            let place = finding_place(finding, report);
            json!({
                "rule": finding.rule,
                "level": finding.level.name(),
                "message": finding.message,
                "file": place.path,
                "line": place.start.map(|p| p.line),
                "column": place.start.map(|p| p.column),
                "end_line": place.end.map(|p| p.line),
                "end_column": place.end.map(|p| p.column),
                "resource": finding.address,
                "conditional": finding.conditional,
                "fingerprint": finding.fingerprint,
                "suppressed": finding.suppressed,
                "baseline_state": report.baseline.then_some(if finding.unchanged { "unchanged" } else { "new" }),
            })
        })
        .collect();
    let not_evaluable: Vec<_> = report
        .not_evaluable
        .iter()
        .map(|item| {
            json!({
                "rule": item.rule,
                "resource": item.address,
                "file": item.file.and_then(|id| report.files.get(id.0 as usize)).map(|f| f.display_path()),
                "reason": item.reason,
            })
        })
        .collect();
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|problem| {
            let place = place_of(problem, report);
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
        "schema_version": REPORT_SCHEMA_VERSION,
        "tool": Tool::this(),
        "summary": report.summary,
        "empty_scan": report.summary.empty_scan(),
        "findings": findings,
        "not_evaluable": not_evaluable,
        "problems": problems,
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
