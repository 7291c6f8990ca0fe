//! GitHub Actions workflow commands: one annotation per finding and per problem.

use super::{Report, finding_place, place_of};
use crate::lang::Level;
use crate::problem::Severity;
use crate::visible;

pub(super) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings.iter().filter(|f| f.is_active()) {
        let place = finding_place(finding, report.files);
        let command = match finding.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let mut properties = Vec::new();
        if let Some(path) = &place.path {
            properties.push(format!("file={}", escape_property(path)));
        }
        if let (Some(start), Some(end)) = (place.start, place.end) {
            properties.push(format!(
                "line={},col={},endLine={}",
                start.line, start.column, end.line
            ));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("supportscan {}", finding.rule))
        ));
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_message(&finding.message)
        ));
    }
    for problem in crate::problem::capped(report.problems) {
        let place = place_of(&problem, report.files);
        let command = match problem.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(path) = &place.path {
            properties.push(format!("file={}", escape_property(path)));
        }
        if let Some(position) = place.position {
            properties.push(format!("line={},col={}", position.line, position.column));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("supportscan {}", problem.code))
        ));
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_message(&problem.message)
        ));
    }
    out
}

/// Escapes a message as `@actions/core` does, once every control character but the
/// newline is made visible (the Actions log renders ANSI escapes, and a raw carriage
/// return or newline could start a workflow command of its own).
fn escape_message(text: &str) -> String {
    visible::lines(text)
        .replace('%', "%25")
        .replace('\n', "%0A")
}

/// Escapes a property value: one visible line, with `%`, `:` and `,` escaped.
fn escape_property(text: &str) -> String {
    visible::line(text)
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_actions_toolkit() {
        assert_eq!(escape_message("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn hostile_text_cannot_drive_the_log_or_start_a_command() {
        let hostile = "Sid\u{1b}[2J\u{1b}]0;pwn\u{7}\rfake\u{202e}\u{9b}\n::add-mask::x";
        assert_eq!(
            escape_message(hostile),
            "Sid\\u{1b}[2J\\u{1b}]0;pwn\\u{7}\\u{d}fake\\u{202e}\\u{9b}%0A::add-mask::x"
        );
        assert_eq!(escape_property("a\nb\r:c"), "a\\u{a}b\\u{d}%3Ac");
    }
}
