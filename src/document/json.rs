//! Positions for JSON read with serde_json: where a borrowed slice or [`RawValue`] sits in
//! its file, and serde_json errors turned into positioned [`Problem`]s.
//!
//! Terraform plans are read with serde_json for speed (they can be a hundred megabytes on
//! one line); these helpers give them the same file, line and column as the spanned parser
//! gives templates.

use serde_json::value::RawValue;

use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Byte offset of `text` inside `file.text`, or 0 when `text` is not borrowed from it.
pub fn offset_in(file: &SourceFile, text: &str) -> usize {
    let base = file.text.as_ptr() as usize;
    let start = text.as_ptr() as usize;
    match start.checked_sub(base) {
        Some(offset) if offset + text.len() <= file.text.len() => offset,
        _ => 0,
    }
}

/// The span of a raw JSON value borrowed from `file.text`.
pub fn span_of(file: &SourceFile, raw: &RawValue) -> Span {
    let start = offset_in(file, raw.get());
    Span::new(start, start + raw.get().len())
}

/// A positioned problem for a serde_json error that happened while reading `text`.
pub fn json_problem(
    file: &SourceFile,
    id: FileId,
    text: &str,
    error: &serde_json::Error,
    shape_code: &'static str,
    what: &str,
) -> Problem {
    let offset = file.ceil_char_boundary(error_offset(file, offset_in(file, text), error));
    let span = Span::new(offset, file.ceil_char_boundary(offset + 1));
    let full = error.to_string();
    // serde_json appends " at line L column C"; the span already says where.
    let detail = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message);
    match error.classify() {
        serde_json::error::Category::Data => {
            Problem::error(shape_code, id, span, format!("{what}: {detail}"))
        }
        _ => Problem::error("parse-error", id, span, format!("invalid JSON: {detail}")),
    }
}

/// The byte offset in `file` of a serde_json error raised while reading the slice that
/// starts at `base`. serde_json counts lines from 1 and columns in bytes from 1, relative
/// to the slice it was given.
fn error_offset(file: &SourceFile, base: usize, error: &serde_json::Error) -> usize {
    let column = error.column().saturating_sub(1);
    let offset = if error.line() <= 1 {
        base + column
    } else {
        let base_line = file.position(u32::try_from(base).unwrap_or(u32::MAX)).line as usize;
        let line = u32::try_from(base_line + error.line() - 1).unwrap_or(u32::MAX);
        file.line_start(line)
            .map_or(file.text.len(), |start| start + column)
    };
    offset.min(file.text.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.json", text.to_owned())
    }

    #[test]
    fn spans_of_borrowed_raw_values_are_file_offsets() {
        let file = file(r#"{"a": [1, 2], "b": {"c": true}}"#);
        #[derive(Deserialize)]
        struct Doc<'a> {
            #[serde(borrow)]
            b: &'a RawValue,
        }
        let doc: Doc = serde_json::from_str(&file.text).unwrap();
        let span = span_of(&file, doc.b);
        assert_eq!(&file.text[span.range()], r#"{"c": true}"#);
        assert_eq!(
            span_of(&file, &RawValue::from_string("1".into()).unwrap()).start,
            0
        );
    }

    #[test]
    fn error_spans_stay_on_character_boundaries() {
        let file = file("{\"a\": é}");
        let error = serde_json::from_str::<serde_json::Value>(&file.text).unwrap_err();
        let problem = json_problem(&file, FileId(0), &file.text, &error, "invalid-x", "x");
        let span = problem.span.unwrap();
        assert!(file.text.is_char_boundary(span.start as usize));
        assert!(file.text.is_char_boundary(span.end as usize));
        assert_eq!(problem.code, "parse-error");
    }
}
