//! Markdown for a GitHub job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: a
//! heading, a summary table, a table of findings with each built-in rule linked to its
//! page in docs/rules/, and the problems with inputs.
//!
//! Messages, paths and addresses come from the scanned files, so every cell is escaped:
//! a resource name must not be able to close a table cell, open a link or inject HTML.

use super::{Report, finding_place, place_of};
use crate::engine::RuleOrigin;
use crate::problem::Severity;

pub(super) fn render(report: &Report<'_>) -> String {
    let s = &report.summary;
    let found = s.errors + s.warnings + s.notes;
    let mut out = String::from("## supportscan\n\n");
    out.push_str("| Files | Resources | Errors | Warnings | Notes | Not evaluable |\n");
    out.push_str("| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} |\n\n",
        s.loaded_files(),
        s.resources,
        s.errors,
        s.warnings,
        s.notes,
        s.not_evaluable
    ));
    if found == 0 {
        out.push_str("No findings.\n");
    } else {
        out.push_str("### Findings\n\n");
        out.push_str("| Level | Rule | Location | Resource | Message |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for finding in report.findings {
            let place = finding_place(finding, report.files);
            let location = match (&place.path, place.start) {
                (Some(path), Some(start)) => escape(&format!("{path}:{}", start.line)),
                (Some(path), None) => escape(path),
                _ => String::new(),
            };
            let built_in = report
                .rules
                .rule(&finding.rule)
                .is_some_and(|rule| matches!(rule.origin, RuleOrigin::BuiltIn(_)));
            // Built-in IDs are letters and digits, safe in a link as they are.
            let rule = if built_in {
                format!("[{0}](docs/rules/{0}.md)", finding.rule)
            } else {
                escape(&finding.rule)
            };
            out.push_str(&format!(
                "| {} | {rule} | {location} | {} | {} |\n",
                finding.level.name(),
                escape(finding.address.as_deref().unwrap_or("")),
                escape(&match (&finding.suppressed, finding.unchanged) {
                    (Some(suppressed), _) => {
                        format!("{} (suppressed: {})", finding.message, suppressed.reason)
                    }
                    (None, true) => format!("{} (unchanged since the baseline)", finding.message),
                    (None, false) => finding.message.clone(),
                })
            ));
        }
    }
    if !report.problems.is_empty() {
        out.push_str("\n### Problems with inputs\n\n");
        out.push_str("| Severity | Problem | Location | Message |\n");
        out.push_str("| --- | --- | --- | --- |\n");
        for problem in report.problems {
            let place = place_of(problem, report.files);
            let location = match (&place.path, place.position) {
                (Some(path), Some(position)) => {
                    escape(&format!("{path}:{}:{}", position.line, position.column))
                }
                (Some(path), None) => escape(path),
                _ => String::new(),
            };
            let severity = match problem.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!(
                "| {severity} | {} | {location} | {} |\n",
                escape(problem.code),
                escape(&problem.message)
            ));
        }
    }
    out
}

/// Escapes text for a table cell: ASCII punctuation that Markdown, GitHub's extensions
/// (tables, strikethrough, math) or HTML give a meaning is backslash-escaped, as CommonMark
/// allows for any ASCII punctuation; line breaks become `<br>`.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' | '!' | '#' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                escaped.push_str("<br>");
            }
            '\n' => escaped.push_str("<br>"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_be_broken_out_of() {
        assert_eq!(escape("a|b"), r"a\|b");
        assert_eq!(
            escape("<img src=x> [x](y) `c` *e* _u_ ~s~ $m$ &amp; \\"),
            r"\<img src=x\> \[x\](y) \`c\` \*e\* \_u\_ \~s\~ \$m\$ \&amp; \\"
        );
        assert_eq!(escape("one\r\ntwo\nthree"), "one<br>two<br>three");
        assert_eq!(
            escape("module.a.aws_iam_role.b"),
            "module.a.aws\\_iam\\_role.b"
        );
    }
}
