//! Problems: things wrong with an input that a user can fix (a file that does not parse, a
//! duplicate key, an unrecognised file named on the command line).
//!
//! Problems are collected, never thrown: a bad input is reported with its position and the
//! other inputs are still scanned. An error-level problem makes the scan untrustworthy
//! (exit status 2); a warning is shown and changes nothing else.

use crate::source::{FileId, Span};

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
