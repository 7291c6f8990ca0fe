//! The terminal report: each finding with its place, rule and message, then a summary
//! line. Problems with inputs are drawn on standard error by `diagnostic`.

use super::{Report, finding_place};

pub(super) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let place = finding_place(finding, report.files);
        let location = match (&place.path, place.start) {
            (Some(path), Some(start)) => format!("{path}:{}:{}", start.line, start.column),
            (Some(path), None) => path.clone(),
            _ => "(no file)".to_owned(),
        };
        let resource = finding
            .address
            .as_deref()
            .map(|address| format!(" [{address}]"))
            .unwrap_or_default();
        let state = match (&finding.suppressed, finding.unchanged) {
            (Some(suppressed), _) => format!(" (suppressed: {})", suppressed.reason),
            (None, true) => " (unchanged since the baseline)".to_owned(),
            (None, false) => String::new(),
        };
        out.push_str(&format!(
            "{location}: {}[{}]{resource} {}{state}\n",
            finding.level.name(),
            finding.rule,
            finding.message
        ));
    }
    out.push_str(&summary_line(report));
    out
}

fn plural(count: usize, word: &str) -> String {
    format!("{count} {word}{}", if count == 1 { "" } else { "s" })
}

fn summary_line(report: &Report<'_>) -> String {
    let s = &report.summary;
    let mut kinds = Vec::new();
    for (count, name) in [
        (s.terraform_plans, "Terraform plan"),
        (s.terraform_states, "Terraform state"),
        (s.cloudformation_templates, "CloudFormation template"),
    ] {
        if count > 0 {
            kinds.push(plural(count, name));
        }
    }
    let loaded = if kinds.is_empty() {
        "no inputs".to_owned()
    } else {
        kinds.join(", ")
    };
    let found = s.errors + s.warnings + s.notes;
    let findings = if found == 0 {
        "no findings".to_owned()
    } else {
        let mut levels = Vec::new();
        for (count, name) in [
            (s.errors, "error"),
            (s.warnings, "warning"),
            (s.notes, "note"),
        ] {
            if count > 0 {
                levels.push(plural(count, name));
            }
        }
        format!("{} ({})", plural(found, "finding"), levels.join(", "))
    };
    let mut line = format!(
        "Scanned {loaded} ({}) with {} in {} ms: {findings}.",
        plural(s.resources, "resource"),
        plural(s.rules, "rule"),
        s.elapsed_ms
    );
    if s.suppressed > 0 {
        line.push_str(&format!(" {} suppressed.", plural(s.suppressed, "finding")));
    }
    if s.unchanged > 0 {
        line.push_str(&format!(
            " {} already in the baseline.",
            plural(s.unchanged, "finding")
        ));
    }
    if s.not_evaluable > 0 {
        line.push_str(&format!(
            " {} could not be decided before deployment.",
            plural(s.not_evaluable, "check")
        ));
    }
    if s.input_errors > 0 {
        line.push_str(&format!(
            " {} could not be read (see above).",
            plural(s.input_errors, "input")
        ));
    }
    line.push('\n');
    line
}
