//! Syntax errors of rule files and their conversion to [`Problem`]s.
//!
//! Every error the parser raises points at the offending token (never "the rest of the
//! input") and says what was expected in a rule author's words. nom's own error kinds only
//! appear when a combinator fails without one of our messages, and even then the error names
//! the token found there.

use nom::error::{ErrorKind, ParseError};

use crate::problem::Problem;
use crate::source::{FileId, Span};

use super::parser::lexer::{Input, next_token};

/// Problem code of rule-file syntax errors.
pub const RULE_SYNTAX: &str = "rule-syntax";
/// Problem code of metadata validation errors.
pub const RULE_METADATA: &str = "rule-metadata";

/// A syntax error at a place in the rule file.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// The offending token (or the place where something was missing).
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// A second place that explains the first (the opening `{` of an unclosed block).
    pub related: Option<(Span, String)>,
}

impl SyntaxError {
    /// An error with a message at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            span,
            message: message.into(),
            related: None,
        }
    }

    /// The same error with a related place.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> SyntaxError {
        self.related = Some((span, message.into()));
        self
    }

    /// The error as a `rule-syntax` problem in `file`.
    pub fn into_problem(self, file: FileId) -> Problem {
        let problem = Problem::error(RULE_SYNTAX, file, self.span, self.message);
        match self.related {
            Some((span, message)) => problem.with_related(span, message),
            None => problem,
        }
    }
}

impl<'a> ParseError<Input<'a>> for SyntaxError {
    fn from_error_kind(input: Input<'a>, _kind: ErrorKind) -> SyntaxError {
        let found = next_token(input);
        SyntaxError::new(found.span, format!("unexpected {}", found.description))
    }

    fn append(_input: Input<'a>, _kind: ErrorKind, other: SyntaxError) -> SyntaxError {
        other
    }
}
