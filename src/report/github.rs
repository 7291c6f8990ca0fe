//! GitHub Actions workflow commands: one annotation per finding and per problem, the most
//! severe first, each file named from the repository root (as GitHub resolves `file=`).
//!
//! GitHub shows at most [`SHOWN_PER_KIND`] annotations of each kind (error, warning,
//! notice) per step and drops the rest without a word. So annotations are written errors
//! first, then warnings, then notices (problems before findings of the same level, since an
//! input that could not be read makes the whole scan doubtful); what would be dropped is
//! written as plain lines of the step's log instead, and a final notice says how many and
//! where they are.

use super::{Report, finding_place, place_of};
use crate::lang::Level;
use crate::problem::Severity;
use crate::source::Position;
use crate::visible;

/// How many annotations of one kind GitHub shows for a step.
pub const SHOWN_PER_KIND: usize = 10;

/// The kinds of annotation, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Error,
    Warning,
    Notice,
}

impl Kind {
    fn command(self) -> &'static str {
        match self {
            Kind::Error => "error",
            Kind::Warning => "warning",
            Kind::Notice => "notice",
        }
    }
}

/// One result as an annotation would show it.
struct Annotation {
    kind: Kind,
    path: Option<String>,
    /// `line=…` and the other position properties, already formatted.
    position: Option<String>,
    /// Line and column for the plain log line.
    start: Option<Position>,
    /// The rule ID or problem code.
    code: String,
    message: String,
}

impl Annotation {
    /// The workflow command.
    fn command(&self) -> String {
        let mut properties = Vec::new();
        if let Some(path) = &self.path {
            properties.push(format!("file={}", escape_property(path)));
        }
        if let Some(position) = &self.position {
            properties.push(position.clone());
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("supportscan {}", self.code))
        ));
        format!(
            "::{} {}::{}\n",
            self.kind.command(),
            properties.join(","),
            escape_message(&self.message)
        )
    }

    /// A plain line of the log (never a workflow command: it starts with a path or with
    /// `supportscan`, and stays on one line).
    fn plain(&self) -> String {
        let place = match (&self.path, self.start) {
            (Some(path), Some(start)) => format!("{path}:{}:{}", start.line, start.column),
            (Some(path), None) => path.clone(),
            (None, _) => "supportscan".to_owned(),
        };
        format!(
            "{}: {} {}: {}\n",
            visible::line(&place),
            self.kind.command(),
            visible::line(&self.code),
            visible::line(&self.message)
        )
    }
}

/// The position properties of a range: with its columns when it stays on one line (the
/// end column is the last character's), without them when it spans lines (GitHub would
/// read the columns as if the range were on one line).
fn range_properties(start: Position, end: Position) -> String {
    if start.line == end.line {
        let last = end.column.saturating_sub(1).max(start.column);
        format!(
            "line={},endLine={},col={},endColumn={last}",
            start.line, end.line, start.column
        )
    } else {
        format!("line={},endLine={}", start.line, end.line)
    }
}

fn annotations(report: &Report<'_>) -> Vec<Annotation> {
    let mut out = Vec::new();
    for problem in crate::problem::capped(report.problems) {
        let place = place_of(&problem, report);
        out.push(Annotation {
            kind: match problem.severity {
                Severity::Error => Kind::Error,
                Severity::Warning => Kind::Warning,
            },
            path: place.repository.map(|place| place.as_str().to_owned()),
            position: place
                .position
                .map(|at| format!("line={},col={}", at.line, at.column)),
            start: place.position,
            code: problem.code.to_owned(),
            message: problem.message.clone(),
        });
    }
    for finding in report.findings.iter().filter(|f| f.is_active()) {
        let place = finding_place(finding, report);
        out.push(Annotation {
            kind: match finding.level {
                Level::Error => Kind::Error,
                Level::Warning => Kind::Warning,
                Level::Note => Kind::Notice,
            },
            path: place.repository.map(|place| place.as_str().to_owned()),
            position: place
                .start
                .zip(place.end)
                .map(|(start, end)| range_properties(start, end)),
            start: place.start,
            code: finding.rule.clone(),
            message: finding.message.clone(),
        });
    }
    // Stable: problems stay before findings of their kind, each in report order.
    out.sort_by_key(|annotation| annotation.kind);
    out
}

pub(super) fn render(report: &Report<'_>) -> String {
    let all = annotations(report);
    let count = |kind: Kind| all.iter().filter(|a| a.kind == kind).count();
    let overflowing = [Kind::Error, Kind::Warning, Kind::Notice]
        .iter()
        .any(|&kind| count(kind) > SHOWN_PER_KIND);
    let mut shown = [0usize; 3];
    let mut commands = String::new();
    let mut plain = String::new();
    let mut not_shown = 0usize;
    for annotation in &all {
        // The final notice is a notice too: it keeps one of the ten.
        let room = match annotation.kind {
            Kind::Notice if overflowing => SHOWN_PER_KIND - 1,
            _ => SHOWN_PER_KIND,
        };
        let used = &mut shown[annotation.kind as usize];
        if *used < room {
            *used += 1;
            commands.push_str(&annotation.command());
        } else {
            not_shown += 1;
            plain.push_str(&annotation.plain());
        }
    }
    if not_shown > 0 {
        commands.push_str(&plain);
        commands.push_str(&format!(
            "::notice title=supportscan::{}\n",
            escape_message(&format!(
                "{not_shown} more {} not shown as {}: GitHub shows at most \
                 {SHOWN_PER_KIND} errors, {SHOWN_PER_KIND} warnings and {SHOWN_PER_KIND} \
                 notices per step. {} listed in this step's log, above this notice; the \
                 SARIF report in code scanning and `--format text` show every result.",
                if not_shown == 1 {
                    "result is"
                } else {
                    "results are"
                },
                if not_shown == 1 {
                    "an annotation"
                } else {
                    "annotations"
                },
                if not_shown == 1 { "It is" } else { "They are" },
            ))
        ));
    }
    commands
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
        let annotation = Annotation {
            kind: Kind::Error,
            path: Some("a\n::stop-commands::x".to_owned()),
            position: None,
            start: None,
            code: "SUP002".to_owned(),
            message: hostile.to_owned(),
        };
        let plain = annotation.plain();
        assert_eq!(plain.lines().count(), 1, "{plain}");
        assert!(plain.starts_with("a\\u{a}::stop-commands::x: error SUP002: Sid"));
    }

    #[test]
    fn columns_only_for_ranges_on_one_line() {
        let at = |line, column| Position { line, column };
        assert_eq!(
            range_properties(at(3, 5), at(3, 12)),
            "line=3,endLine=3,col=5,endColumn=11"
        );
        // An empty range still marks its character.
        assert_eq!(
            range_properties(at(3, 5), at(3, 5)),
            "line=3,endLine=3,col=5,endColumn=5"
        );
        assert_eq!(range_properties(at(3, 5), at(9, 2)), "line=3,endLine=9");
    }
}
