//! Parsing JSON and YAML text into a spanned [`super::Node`] tree.
//!
//! One code path serves both formats: JSON is read as YAML 1.2 flow syntax. We drive the
//! event parser of `saphyr-parser` (each event comes with its start and end marks) and
//! build the tree ourselves, because that is the one level where everything a
//! CloudFormation scanner needs is still visible:
//!
//! - tags stay attached to nodes, so `!Ref X` becomes `{Ref: X}` with the key placed on
//!   the tag (marked-yaml rejects tags outright);
//! - aliases and merge keys are seen before anything is expanded, so they are refused at
//!   once, as CloudFormation refuses them, and an alias bomb costs nothing (an anchor alone
//!   changes nothing and is let through);
//! - a duplicate key is seen with both of its positions, so it can be reported the way
//!   cfn-lint does while keeping the last value, as CloudFormation does;
//! - every node gets a byte span (serde_json has no spans; serde_yaml is deprecated).
//!
//! Spans, as byte offsets into the text (after a byte order mark, which
//! [`SourceFile::new`] drops):
//! - a scalar covers its text, quotes included; a block scalar (`|`, `>`) runs from its
//!   indicator to its last non-blank character;
//! - a sequence or mapping covers its content: a flow one from `[`/`{` to `]`/`}`, a block
//!   one from its first entry to the end of its last;
//! - a mapping entry's `key_span` is its key (quotes included);
//! - a CloudFormation short form (`!Sub ...`) is a one-entry mapping spanning the tag and
//!   its node; the entry's `key_span` is the tag and its value spans the node after it.
//!
//! What CloudFormation reads differently from plain YAML is decided in `builder`; the
//! scalar types in `scalar`; the tags in `tags`. Lines indented less than YAML allows
//! inside quoted strings and flow collections, which CloudFormation accepts, are accepted
//! with a warning by a second reading in `reindent`.

mod builder;
mod extent;
mod mapping;
mod messages;
mod offsets;
mod padding;
mod reindent;
mod scalar;
mod surrogates;
mod tags;

#[cfg(test)]
mod reindent_tests;
#[cfg(test)]
mod tests;

use saphyr_parser::Parser;

pub use builder::MAX_DEPTH;
use builder::TreeBuilder;
use padding::Padding;
use reindent::{Refusal, retry_padded};

use super::Node;
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// A parsed document and the warnings found on the way (duplicate keys, ...).
#[derive(Debug)]
pub struct Parsed {
    /// The document's root value; `Null` for an empty document.
    pub root: Node,
    /// Problems that did not stop the parse: duplicate keys, tags CloudFormation does not
    /// define, lines indented less than YAML allows that CloudFormation accepts.
    pub warnings: Vec<Problem>,
}

/// Parses a whole file's text (JSON or YAML).
///
/// # Errors
///
/// A problem with an error code when the text is not one valid document CloudFormation
/// would accept: `parse-error`, `multiple-documents`, `too-deep`, `yaml-alias`,
/// `yaml-merge-key`, `unsupported-tag`, `unsupported-key`. A line indented less than YAML
/// allows inside a quoted string or a `[...]`/`{...}` collection is accepted, as
/// CloudFormation accepts it, with a `yaml-indentation` warning.
pub fn parse(file: &SourceFile, id: FileId) -> Result<Parsed, Problem> {
    parse_text(&file.text, 0, id, true)
}

/// Parses `text`, a slice of a file that starts at byte `base`; every span is shifted by `base`
/// (used to parse one resource's JSON out of a large Terraform plan).
///
/// Messages that name lines count them from the start of `text`'s first line only when
/// `base` is 0; otherwise they say how far apart the places are.
///
/// # Errors
///
/// As [`parse`].
pub fn parse_fragment(text: &str, base: usize, id: FileId) -> Result<Parsed, Problem> {
    parse_text(text, base, id, base == 0)
}

fn parse_text(text: &str, base: usize, id: FileId, whole_file: bool) -> Result<Parsed, Problem> {
    let as_written = Padding::default();
    let paired = surrogates::pair_escapes(text).map_err(|(start, end, message)| {
        Problem::error(
            "parse-error",
            id,
            Span::new(start + base, end + base),
            message,
        )
    })?;
    if let Some(paired) = paired {
        let mut builder = TreeBuilder::new(text, &as_written, (base, id, whole_file));
        builder.pairs_rewritten(paired.offsets);
        return read_events(builder, &paired.read).map_err(|refusal| refusal.problem);
    }
    match attempt(text, text, &as_written, base, id, whole_file) {
        Ok(parsed) => Ok(parsed),
        Err(Refusal {
            problem,
            underindented: Some(underindented),
        }) => retry_padded(text, (base, id, whole_file), problem, underindented),
        Err(refusal) => Err(refusal.problem),
    }
}

/// One parse: saphyr reads `read`, which is `text` with `padding` inserted, and the tree is
/// built with offsets into `text`.
fn attempt(
    read: &str,
    text: &str,
    padding: &Padding,
    base: usize,
    id: FileId,
    whole_file: bool,
) -> Result<Parsed, Refusal> {
    read_events(
        TreeBuilder::new(text, padding, (base, id, whole_file)),
        read,
    )
}

/// Feeds saphyr's events for `read` to `builder`.
fn read_events(mut builder: TreeBuilder<'_>, read: &str) -> Result<Parsed, Refusal> {
    let mut parser = Parser::new_from_str(read);
    let plain = |problem| Refusal {
        problem,
        underindented: None,
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|error| builder.scan_refusal(&error))?;
        builder.event(event, span).map_err(plain)?;
    }
    builder.finish().map_err(plain)
}
