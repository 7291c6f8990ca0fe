//! Reading Terraform's JSON with serde_json while keeping positions: the byte span of a
//! borrowed [`RawValue`], serde_json errors turned into positioned [`Problem`]s, and the
//! `format_version` check shared by plans and `terraform show -json` state.
//!
//! Plans can be a hundred megabytes on one line, so the loaders deserialize typed structs
//! that borrow the big parts as raw JSON slices of the file's text and read only the parts
//! they need; a slice's position in the file is its pointer's distance from the text.

use serde::Deserialize;
use serde_json::value::RawValue;

pub(super) use crate::document::json::{json_problem, span_of};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// Deserializes `T` from `text`, a slice of `file.text`. A syntax error is a `parse-error`;
/// JSON of the wrong shape is a `shape_code` error (`invalid-plan`, `invalid-state`) whose
/// message says what was being read. Both point where serde_json stopped.
pub(super) fn parse<'a, T: Deserialize<'a>>(
    file: &SourceFile,
    id: FileId,
    text: &'a str,
    shape_code: &'static str,
    what: &str,
) -> Result<T, Problem> {
    serde_json::from_str(text)
        .map_err(|error| json_problem(file, id, text, &error, shape_code, what))
}

/// Which document a format version belongs to, for messages.
#[derive(Clone, Copy)]
pub(super) enum Document {
    /// `terraform show -json` of a plan.
    Plan,
    /// `terraform show -json` of state.
    State,
}

/// Checks a `format_version`: `0.1`, `0.2` and any `1.x` are read (minor versions only
/// add fields); a later major version, a missing one or one that is not a string is an
/// error at the value (or at the start of the file when it is missing).
pub(super) fn check_format_version(
    file: &SourceFile,
    id: FileId,
    version: Option<&RawValue>,
    document: Document,
) -> Result<(), Problem> {
    let (code, name) = match document {
        Document::Plan => ("invalid-plan", "plan"),
        Document::State => ("invalid-state", "state"),
    };
    let Some(raw) = version else {
        return Err(Problem::error(
            code,
            id,
            Span::new(0, file.text.len().min(1)),
            format!(
                "this Terraform {name} has no `format_version`; expected the output of `terraform show -json`"
            ),
        ));
    };
    let span = span_of(file, raw);
    let Ok(text) = serde_json::from_str::<String>(raw.get()) else {
        return Err(Problem::error(
            code,
            id,
            span,
            format!(
                "`format_version` must be a string such as \"1.2\", found {}",
                raw.get()
            ),
        ));
    };
    if is_supported_version(&text) {
        return Ok(());
    }
    Err(Problem::error(
        "unsupported-version",
        id,
        span,
        format!(
            "Terraform {name} format_version \"{text}\" is not supported: supportscan reads 0.1, 0.2 and 1.x (`terraform show -json` of Terraform 0.12 to 1.x)"
        ),
    ))
}

fn is_supported_version(text: &str) -> bool {
    let Some((major, minor)) = text.split_once('.') else {
        return false;
    };
    let minor_ok = !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit());
    minor_ok && (major == "1" || (major == "0" && (minor == "1" || minor == "2")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Shape {
        #[allow(dead_code)]
        list: Vec<u32>,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.json", text.to_owned())
    }

    #[test]
    fn syntax_errors_point_at_the_bad_byte_on_any_line() {
        let file = file("{\n  \"list\": [1,\n   }\n");
        let problem = parse::<Shape>(&file, FileId(0), &file.text, "invalid-plan", "x")
            .err()
            .unwrap();
        assert_eq!(problem.code, "parse-error");
        let at = problem.span.unwrap().start as usize;
        assert_eq!(&file.text[at..at + 1], "}");
    }

    #[test]
    fn shape_errors_in_a_slice_are_positioned_in_the_file() {
        let file = file("{\"outer\":\n {\"list\": \"no\"}}");
        let inner = &file.text[file.text.find("{\"list").unwrap()..file.text.len() - 1];
        let problem = parse::<Shape>(&file, FileId(0), inner, "invalid-plan", "reading x")
            .err()
            .unwrap();
        assert_eq!(problem.code, "invalid-plan");
        assert!(
            problem
                .message
                .starts_with("reading x: invalid type: string"),
            "{}",
            problem.message
        );
        let at = problem.span.unwrap().start as usize;
        assert!(file.text[..at].ends_with("\"no"), "{at}");
    }

    #[test]
    fn format_versions_zero_one_zero_two_and_one_x_are_read() {
        for good in ["0.1", "0.2", "1.0", "1.2", "1.15"] {
            assert!(is_supported_version(good), "{good}");
        }
        for bad in ["2.0", "0.3", "1", "1.", "1.x", "10.1", ""] {
            assert!(!is_supported_version(bad), "{bad}");
        }
    }

    #[test]
    fn format_version_errors_point_at_the_value() {
        let file = file(r#"{"format_version": 2}"#);
        let raw = RawValue::from_string("2".into()).unwrap();
        let err = check_format_version(&file, FileId(0), Some(&raw), Document::Plan).unwrap_err();
        assert_eq!(err.code, "invalid-plan");
        let err = check_format_version(&file, FileId(0), None, Document::State).unwrap_err();
        assert_eq!(err.code, "invalid-state");
        assert!(err.message.contains("no `format_version`"));
    }
}
