//! Accepting lines indented less than YAML allows, as CloudFormation does.
//!
//! YAML 1.2 wants every line of a node indented further than the block collection (the
//! mapping key or the `-`) that holds it, even the continuation lines of a multi-line
//! quoted string and the lines of a `[...]` or `{...}` collection written over several lines.
//! CloudFormation reads templates with a parser that ignores the indentation of such lines
//! (PyYAML and SnakeYAML do the same), and real templates rely on it, such as a JSON policy
//! pasted into `!Sub '...'` or a `[` list closed by a `]` under its key. Inside those
//! constructs leading whitespace carries no meaning: it is folded away or separates tokens,
//! so indenting such a line further never changes a value.
//!
//! So when saphyr refuses a line for exactly that reason, we read a copy of the text in
//! which every under-indented line of the construct (found by `extent`) starts with enough
//! extra spaces, and try again; each cure is reported as a `yaml-indentation` warning. The
//! padded lines must all fall inside quoted strings or flow collections of the retried parse,
//! or the retry is void. Any other failure, or a failure the padding does not cure, reports
//! the original error unchanged. A text that parses at once never comes here.

use super::extent::{first_non_blank, flow_extent, leading_blanks, quoted_end};
use super::padding::Padding;
use super::{Parsed, attempt};
use crate::problem::Problem;
use crate::source::{FileId, Span};

/// The most constructs cured in one text. Each cure costs one more parse of the whole
/// text (plus a copy of it), so a pathological file costs at most this many extra parses
/// before its original error is reported; the real templates we know need one to four.
pub(super) const MAX_CURES: usize = 64;

/// What a refused line is part of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Construct {
    /// A quoted scalar (`'...'` or `"..."`) written over several lines.
    QuotedScalar,
    /// A flow collection (`[...]` or `{...}`) written over several lines.
    FlowCollection,
}

/// A strict parse refused a line indented less than the block around it requires.
#[derive(Debug)]
pub(super) struct Underindented {
    /// What the line is part of.
    pub(super) construct: Construct,
    /// Where saphyr stopped, as a byte offset of the original text: the opening quote of a
    /// quoted scalar, or the first token of the refused line of a flow collection.
    pub(super) at: usize,
    /// The column (from 0, in the text as read) the construct's lines must reach: one past
    /// that of the innermost block collection.
    pub(super) required_column: usize,
    /// Where to start looking for the outermost flow collection: its opening bracket when
    /// the parser has read it, else the end of the last node read.
    pub(super) search_from: usize,
}

/// Why one parse of a text failed.
#[derive(Debug)]
pub(super) struct Refusal {
    /// The error to report.
    pub(super) problem: Problem,
    /// Set when the error is an under-indented line that padding may cure.
    pub(super) underindented: Option<Underindented>,
}

/// One construct made acceptable: the lines padded and how.
struct Cure {
    construct: Construct,
    /// `(line start, spaces added)`, in line order; never empty.
    additions: Vec<(usize, usize)>,
    required_column: usize,
}

/// Parses `text` again with its under-indented lines padded, starting from the failure
/// `first`; `original` is reported when that does not succeed.
pub(super) fn retry_padded(
    text: &str,
    context: (usize, FileId, bool),
    original: Problem,
    first: Underindented,
) -> Result<Parsed, Problem> {
    cure(text, context, first).ok_or(original)
}

/// The parse of `text` with its under-indented constructs padded, with a warning for each
/// cure; `None` when some failure cannot be cured within [`MAX_CURES`].
fn cure(
    text: &str,
    (base, file, whole_file): (usize, FileId, bool),
    first: Underindented,
) -> Option<Parsed> {
    let mut padding = Padding::default();
    let mut cures = Vec::new();
    let mut failure = first;
    while cures.len() < MAX_CURES {
        let cure = plan_cure(text, &padding, &failure)?;
        padding.add(text, &cure.additions);
        cures.push(cure);
        let padded = padding.apply(text);
        match attempt(&padded, text, &padding, base, file, whole_file) {
            Ok(mut parsed) => {
                let context = WarningContext {
                    text,
                    base,
                    file,
                    whole_file,
                };
                parsed
                    .warnings
                    .extend(cures.iter().map(|cure| context.warning(cure)));
                parsed
                    .warnings
                    .sort_by_key(|warning| warning.span.map(|span| span.start));
                return Some(parsed);
            }
            Err(refusal) => failure = refusal.underindented?,
        }
    }
    None
}

/// The lines of the construct that holds the refused line, padded to the required column;
/// `None` when the construct cannot be delimited or padding would not reach the refused line
/// (so the failure is not the one this module cures).
fn plan_cure(text: &str, padding: &Padding, failure: &Underindented) -> Option<Cure> {
    let mut lines = Vec::new();
    match failure.construct {
        Construct::QuotedScalar => {
            quoted_end(text, failure.at, &mut lines)?;
        }
        Construct::FlowCollection => {
            flow_extent(text, failure.search_from, failure.at, &mut lines)?;
        }
    }
    let additions: Vec<(usize, usize)> = lines
        .into_iter()
        .filter_map(|line_start| {
            let column = leading_blanks(text, line_start) + padding.count_at(line_start);
            let missing = failure.required_column.checked_sub(column)?;
            (missing > 0).then_some((line_start, missing))
        })
        .collect();
    let refused_line_padded = match failure.construct {
        Construct::QuotedScalar => !additions.is_empty(),
        Construct::FlowCollection => {
            let refused_line = text.get(..failure.at)?.rfind('\n').map_or(0, |at| at + 1);
            additions.iter().any(|&(line, _)| line == refused_line)
        }
    };
    refused_line_padded.then_some(Cure {
        construct: failure.construct,
        additions,
        required_column: failure.required_column,
    })
}

/// What a cure's warning needs to know about the text.
struct WarningContext<'t> {
    text: &'t str,
    base: usize,
    file: FileId,
    whole_file: bool,
}

impl WarningContext<'_> {
    /// The warning for one cure, placed on the content of its first padded line.
    fn warning(&self, cure: &Cure) -> Problem {
        let first = cure.additions.first().map_or(0, |&(line, _)| line);
        let last = cure.additions.last().map_or(first, |&(line, _)| line);
        let bytes = self.text.as_bytes();
        let start = first_non_blank(bytes, first).unwrap_or(first);
        let end = memchr::memchr(b'\n', bytes.get(start..).unwrap_or_default())
            .map_or(bytes.len(), |length| start + length);
        let end = if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        let (kind, holder) = match cure.construct {
            Construct::QuotedScalar => ("a quoted string written over several lines", "string"),
            Construct::FlowCollection => (
                "a `[...]` or `{...}` collection written over several lines",
                "collection",
            ),
        };
        let column = cure.required_column + 1;
        let more = match cure.additions.len() {
            1 => String::new(),
            2 if self.whole_file => format!(
                "; the same goes for 1 more line of this {holder}, line {}",
                self.line_of(last)
            ),
            count if self.whole_file => format!(
                "; the same goes for {} more lines of this {holder}, up to line {}",
                count - 1,
                self.line_of(last)
            ),
            2 => format!("; the same goes for 1 more line of this {holder}"),
            count => format!(
                "; the same goes for {} more lines of this {holder}",
                count - 1
            ),
        };
        let message = format!(
            "this line is indented less than YAML allows inside {kind}: YAML needs it to \
             start at column {column} or further, to the right of the key or `-` that holds \
             the {holder}{more}. CloudFormation accepts it, and so does this scan; indent it \
             to column {column} or more to make the template valid YAML"
        );
        Problem::warning(
            "yaml-indentation",
            self.file,
            Span::new(self.base + start, self.base + end),
            message,
        )
    }

    fn line_of(&self, offset: usize) -> usize {
        memchr::memchr_iter(
            b'\n',
            self.text.as_bytes().get(..offset).unwrap_or_default(),
        )
        .count()
            + 1
    }
}
