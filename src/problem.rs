//! Problems: things wrong with an input that a user can fix (a file that does not parse, a
//! duplicate key, an unrecognised file named on the command line).
//!
//! Problems are collected, never thrown: a bad input is reported with its position and the
//! other inputs are still scanned. An error-level problem makes the scan untrustworthy
//! (exit status 2); a warning is shown and changes nothing else.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::source::{FileId, Span};

/// How many problems with one code in one file are shown (on standard error, as GitHub
/// annotations, in Markdown and as SARIF notifications); the rest are counted. A
/// template with 100,000 duplicate keys would otherwise print 100,000 warnings. The JSON
/// report lists every problem.
pub const SHOWN_PER_FILE_AND_CODE: usize = 20;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, but the scan is still trusted.
    Warning,
    /// The input could not be read as it should: the scan exits with status 2.
    Error,
}

/// One problem with an input.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// A short stable identifier, such as `parse-error` or `duplicate-key`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The file it is in; `None` for a problem with no file (an unreadable directory).
    pub file: Option<FileId>,
    /// Where in the file, when known.
    pub span: Option<Span>,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// Other places that explain it, such as the first of two duplicate keys.
    pub related: Vec<Related>,
}

/// A secondary place named by a problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Related {
    /// The file, when it is not the problem's own (a rule ID first defined by another
    /// rule file); `None` means the problem's file.
    pub file: Option<FileId>,
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

impl Problem {
    /// Whether this is a problem of the tool's configuration (a custom rule file) rather
    /// than of an input: SARIF reports those as tool configuration notifications.
    pub fn is_configuration(&self) -> bool {
        matches!(
            self.code,
            crate::lang::error::RULE_SYNTAX
                | crate::lang::error::RULE_METADATA
                | crate::lang::check::RULE_CHECK
                | crate::engine::ruleset::RULE_LOAD
        )
    }

    /// An error at `span` in `file`.
    pub fn error(
        code: &'static str,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            code,
            severity: Severity::Error,
            file: Some(file),
            span: Some(span),
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// A warning at `span` in `file`.
    pub fn warning(
        code: &'static str,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(code, file, span, message)
        }
    }

    /// An error that has no place in a file (a rule directory that does not exist, a
    /// flag naming an unknown rule).
    pub fn error_without_place(code: &'static str, message: impl Into<String>) -> Problem {
        Problem {
            code,
            severity: Severity::Error,
            file: None,
            span: None,
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// The same problem with a related place added.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Problem {
        self.related.push(Related {
            file: None,
            span,
            message: message.into(),
        });
        self
    }

    /// The same problem with a related place in another file added.
    pub fn with_related_in(
        mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Problem {
        self.related.push(Related {
            file: Some(file),
            span,
            message: message.into(),
        });
        self
    }
}

/// `problems` as people are shown them: in order, the first [`SHOWN_PER_FILE_AND_CODE`]
/// of each code and severity in each file; then, for each group that had more, one
/// problem of the same code, severity and file that counts the rest.
pub fn capped(problems: &[Problem]) -> Vec<Cow<'_, Problem>> {
    let mut counts: BTreeMap<(Option<FileId>, &'static str, Severity), usize> = BTreeMap::new();
    let mut overflowing = Vec::new();
    let mut shown = Vec::new();
    for problem in problems {
        let key = (problem.file, problem.code, problem.severity);
        let count = counts.entry(key).or_default();
        *count += 1;
        if *count <= SHOWN_PER_FILE_AND_CODE {
            shown.push(Cow::Borrowed(problem));
        } else if *count == SHOWN_PER_FILE_AND_CODE + 1 {
            overflowing.push(key);
        }
    }
    for key @ (file, code, severity) in overflowing {
        let more = counts.get(&key).copied().unwrap_or_default() - SHOWN_PER_FILE_AND_CODE;
        let kind = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = if file.is_some() { " in this file" } else { "" };
        shown.push(Cow::Owned(Problem {
            code,
            severity,
            file,
            span: None,
            message: format!(
                "and {more} more `{code}` {kind}{}{place}, not shown (the JSON report lists them all)",
                if more == 1 { "" } else { "s" }
            ),
            related: Vec::new(),
        }));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_in_each_file_is_capped_and_the_rest_counted() {
        let warning = |file: u32, code| Problem::warning(code, FileId(file), Span::default(), "w");
        let mut problems: Vec<Problem> = (0..25).map(|_| warning(0, "duplicate-key")).collect();
        problems.extend((0..21).map(|_| warning(1, "duplicate-key")));
        problems.extend((0..3).map(|_| warning(0, "yaml-indentation")));
        let shown = capped(&problems);
        assert_eq!(shown.len(), 20 + 20 + 3 + 2);
        assert_eq!(
            shown[43].message,
            "and 5 more `duplicate-key` warnings in this file, not shown (the JSON report lists them all)"
        );
        assert_eq!(shown[44].file, Some(FileId(1)));
        assert!(
            shown[44]
                .message
                .starts_with("and 1 more `duplicate-key` warning in")
        );
        assert_eq!(capped(&problems[..20]).len(), 20);
    }
}
