//! Markdown for a GitHub job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: a
//! heading, a summary table, a table of findings with each built-in rule linked to its
//! published page (when the package names its repository), and the problems with inputs.
//!
//! GitHub refuses a pull-request comment longer than 65,536 characters, so rows stop
//! before that and a last line says how many were left out and where to find them.
//!
//! Messages, paths and addresses come from the scanned files, so every cell is escaped:
//! a resource name must not be able to close a table cell, open a link or inject HTML.
//! The code spans of messages (`` `SupportRole` ``) stay code spans, their text literal;
//! a location links to its lines when the report knows where the repository is
//! published ([`super::SourceLinks`]).

use super::{Report, finding_place, place_of};
use crate::engine::docs::rule_page_url;
use crate::problem::Severity;
use crate::visible;

/// The longest pull-request comment GitHub accepts, in characters.
const COMMENT_LIMIT: usize = 65_536;
/// Room kept at the end for the line that counts the rows left out.
const OMISSION_NOTE_ROOM: usize = 300;

/// Table rows added while they fit in a comment; once one does not, the rest are counted.
struct Rows {
    out: String,
    omitted_findings: usize,
    omitted_problems: usize,
}

impl Rows {
    /// Adds `row` if it fits (bytes are counted, never fewer than characters), and
    /// whether it did. After the first row that does not fit, none is added.
    fn push(&mut self, row: &str) -> bool {
        let full = self.omitted_findings + self.omitted_problems > 0
            || self.out.len() + row.len() + OMISSION_NOTE_ROOM > COMMENT_LIMIT;
        if !full {
            self.out.push_str(row);
        }
        !full
    }
}

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
    let mut rows = Rows {
        out,
        omitted_findings: 0,
        omitted_problems: 0,
    };
    if found == 0 {
        rows.out.push_str("No findings.\n");
    } else {
        rows.out.push_str("### Findings\n\n");
        rows.out
            .push_str("| Level | Rule | Location | Resource | Message |\n");
        rows.out.push_str("| --- | --- | --- | --- | --- |\n");
        for finding in report.findings {
            if !rows.push(&finding_row(report, finding)) {
                rows.omitted_findings += 1;
            }
        }
    }
    if !report.problems.is_empty() {
        rows.out.push_str("\n### Problems with inputs\n\n");
        rows.out
            .push_str("| Severity | Problem | Location | Message |\n");
        rows.out.push_str("| --- | --- | --- | --- |\n");
        for problem in crate::problem::capped(report.problems) {
            if !rows.push(&problem_row(report, &problem)) {
                rows.omitted_problems += 1;
            }
        }
    }
    if rows.omitted_findings + rows.omitted_problems > 0 {
        rows.out.push_str(&format!(
            "\n_{} findings and {} problems are not shown, to keep this under GitHub's \
             comment limit; the text, JSON and SARIF reports have them all._\n",
            rows.omitted_findings, rows.omitted_problems
        ));
    }
    rows.out
}

/// One row of the findings table.
fn finding_row(report: &Report<'_>, finding: &crate::engine::Finding) -> String {
    let place = finding_place(finding, report);
    let location = match (&place.path, place.start) {
        (Some(path), Some(start)) => {
            let shown = escape(&format!("{path}:{}", start.line));
            let end = place.end.map_or(start.line, |end| end.line);
            match report
                .source_links
                .as_ref()
                .and_then(|links| links.lines(path, start.line, end))
            {
                Some(url) => format!("[{shown}]({url})"),
                None => shown,
            }
        }
        (Some(path), None) => escape(path),
        _ => String::new(),
    };
    // Built-in IDs are letters and digits, safe in a link as they are.
    let rule = match report.rules.rule(&finding.rule).and_then(rule_page_url) {
        Some(url) => format!("[{}]({url})", finding.rule),
        None => escape(&finding.rule),
    };
    format!(
        "| {} | {rule} | {location} | {} | {} |\n",
        finding.level.name(),
        escape(finding.address.as_deref().unwrap_or("")),
        with_code_spans(&match (&finding.suppressed, finding.unchanged) {
            (Some(suppressed), _) => {
                format!("{} (suppressed: {})", finding.message, suppressed.reason)
            }
            (None, true) => format!("{} (unchanged since the baseline)", finding.message),
            (None, false) => finding.message.clone(),
        })
    )
}

/// One row of the problems table.
fn problem_row(report: &Report<'_>, problem: &crate::problem::Problem) -> String {
    let place = place_of(problem, report);
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
    format!(
        "| {severity} | {} | {location} | {} |\n",
        escape(problem.code),
        with_code_spans(&problem.message)
    )
}

/// Text for a table cell in which the code spans stay code: each pair of backticks
/// encloses one, written as a code span (literal text, which Markdown and HTML cannot
/// reach); everything else, and a span that cannot be one in a table (it holds a `|`,
/// which GitHub reads as the cell's end even in code, or nothing), is [`escape`]d.
fn with_code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut parts = text.split('`');
    // Parts alternate outside and inside backticks; an unpaired last backtick leaves a
    // last part that is outside after all.
    let count = text.matches('`').count();
    let paired = count - count % 2;
    if let Some(first) = parts.next() {
        out.push_str(&escape(first));
    }
    for (index, part) in parts.enumerate() {
        let inside = index % 2 == 0 && index < paired;
        if !inside {
            if index % 2 == 0 {
                // The unpaired backtick itself.
                out.push_str("\\`");
            }
            out.push_str(&escape(part));
        } else if part.is_empty() || part.contains('|') {
            out.push_str(&escape(&format!("`{part}`")));
        } else {
            out.push('`');
            for c in part.chars() {
                // Code spans show text as is: line breaks and invisible characters as
                // their escapes, unescaped again by nothing.
                match c {
                    c if visible::is_hidden(c) => visible::push_visible(&mut out, c),
                    c => out.push(c),
                }
            }
            out.push('`');
        }
    }
    out
}

/// Escapes text for a table cell: ASCII punctuation that Markdown, GitHub's extensions
/// (tables, strikethrough, math) or HTML give a meaning is backslash-escaped, as CommonMark
/// allows for any ASCII punctuation; line breaks become `<br>`; control and invisible
/// characters are shown escaped ([`crate::visible`]).
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
            // A control or invisible character shows as `\u{1b}` (its backslash escaped).
            c if visible::is_hidden(c) => {
                escaped.push('\\');
                visible::push_visible(&mut escaped, c);
            }
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

    #[test]
    fn code_spans_stay_code_and_their_text_literal() {
        assert_eq!(
            with_code_spans("Role `aws_iam_role.support` lets *anyone* in"),
            r"Role `aws_iam_role.support` lets \*anyone\* in"
        );
        // Markdown and HTML inside a span are only text; outside they are escaped.
        assert_eq!(
            with_code_spans("`<img src=x>` and `[x](y)` <b>"),
            r"`<img src=x>` and `[x](y)` \<b\>"
        );
        // A span that cannot be one in a table, and an unpaired backtick, are escaped.
        assert_eq!(with_code_spans("`a|b` ok"), r"\`a\|b\` ok");
        assert_eq!(with_code_spans("`` empty"), r"\`\` empty");
        assert_eq!(
            with_code_spans("`one` `two` and `three"),
            r"`one` `two` and \`three"
        );
        // A line break inside a span cannot end the row.
        assert_eq!(with_code_spans("`a\nb`"), r"`a\u{a}b`");
        assert_eq!(with_code_spans("no code"), "no code");
    }

    #[test]
    fn control_and_bidi_characters_show_escaped() {
        assert_eq!(
            escape("a\u{1b}[2J\u{1b}]0;pwn\u{7}\u{202e}\u{9b}"),
            r"a\\u{1b}\[2J\\u{1b}\]0;pwn\\u{7}\\u{202e}\\u{9b}"
        );
    }
}
