//! Suppressions written as comments on a resource block: on the lines just above its
//! header, or inside its body.
//!
//! ```hcl
//! # supportscan:ignore SUP004 -- break-glass user, reviewed by security (SEC-1234)
//! resource "aws_iam_user_policy_attachment" "oncall" { ... }
//! ```
//!
//! The reason after `--` is required; an entry without one is kept without a reason, and
//! the suppression layer refuses it with its position.

use hcl_edit::structure::Block;

use super::eval::span_of;
use crate::load::InlineSuppression;
use crate::source::Span;

/// The marker that starts a suppression comment.
const MARKER: &str = "supportscan:ignore";

/// The suppressions on `block`, whose text is in `text`.
pub fn of(text: &str, block: &Block) -> Vec<InlineSuppression> {
    let span = span_of(block);
    let (start, end) = (span.start as usize, (span.end as usize).min(text.len()));
    let mut found = Vec::new();
    // Comment lines right above the header, nearest last.
    let mut above = Vec::new();
    let mut line_end = text[..start.min(text.len())].rfind('\n').unwrap_or(0);
    while line_end > 0 {
        let line_start = text[..line_end].rfind('\n').map_or(0, |at| at + 1);
        let line = &text[line_start..line_end];
        let trimmed = line.trim_start();
        if !(trimmed.starts_with('#') || trimmed.starts_with("//")) {
            break;
        }
        above.push((line_start, line));
        line_end = line_start.saturating_sub(1);
        if line_start == 0 {
            break;
        }
    }
    above.reverse();
    for (offset, line) in above {
        found.extend(parse(line, offset));
    }
    if let Some(body) = text.get(start..end) {
        let mut offset = start;
        for line in body.split_inclusive('\n') {
            found.extend(parse(line, offset));
            offset += line.len();
        }
    }
    found
}

/// A suppression in one line that starts at `offset`, if the line has a comment with the
/// marker.
fn parse(line: &str, offset: usize) -> Option<InlineSuppression> {
    let comment = line.find('#').or_else(|| line.find("//"))?;
    let marker = comment + line[comment..].find(MARKER)?;
    let rest = &line[marker + MARKER.len()..];
    let (rules, reason) = match rest.split_once("--") {
        Some((rules, reason)) => (rules, Some(reason.trim())),
        None => (rest, None),
    };
    let rule = rules.trim();
    let end = line.trim_end().len();
    Some(InlineSuppression {
        rule: (!rule.is_empty()).then(|| rule.into()),
        reason: reason.filter(|reason| !reason.is_empty()).map(Into::into),
        span: Span::new(offset + comment, offset + end),
    })
}
