//! A snapshot's policy documents in the three encodings they come in: a JSON object (the
//! AWS CLI decodes them), JSON text, or URL-encoded JSON text (RFC 3986, as the IAM API
//! returns them and raw SDK dumps keep them). Objects keep positions down to each
//! statement's keys; text keeps the string's position, as in Terraform.

use percent_encoding::percent_decode_str;
use serde_json::value::RawValue;

use super::json::{spanned, text};
use crate::document::json::span_of;
use crate::load::value::{Unknown, Value, ValueKind};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

/// Problem code of a URL-encoded document that does not decode to UTF-8 text.
pub const POLICY_ENCODING: &str = "snapshot-policy-encoding";

/// How many levels of a document object keep their own spans: the document and its
/// `Statement` list, so that each statement has its own (its parts share it: each level
/// costs one more pass over the text, and a snapshot holds thousands of documents).
const DOCUMENT_DEPTH: u8 = 2;

/// The document `raw` holds, as a value the graph reads as a policy.
pub(super) fn document(
    file: &SourceFile,
    id: FileId,
    raw: &RawValue,
    warnings: &mut Vec<Problem>,
) -> Result<Value, Problem> {
    let span = span_of(file, raw);
    if !raw.get().starts_with('"') {
        return spanned(file, id, raw, DOCUMENT_DEPTH);
    }
    let Some(written) = text(raw) else {
        return spanned(file, id, raw, 0);
    };
    Ok(match decoded(&written) {
        Ok(json) => Value::new(span, ValueKind::Str(json.into())),
        Err(reason) => {
            warnings.push(Problem::warning(POLICY_ENCODING, id, span, reason.clone()));
            Value::new(span, ValueKind::Unknown(Box::new(Unknown::new(reason))))
        }
    })
}

/// JSON text as written, or URL-decoded when it is URL-encoded: IAM encodes `{` as `%7B`,
/// so text that does not start with `{` but holds a `%` escape is encoded.
fn decoded(written: &str) -> Result<String, String> {
    let trimmed = written.trim_start();
    if trimmed.starts_with('{') || !trimmed.contains('%') {
        return Ok(written.to_owned());
    }
    percent_decode_str(trimmed)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| {
            "this URL-encoded policy document does not decode to UTF-8 text; rules cannot read it"
                .to_owned()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoded_text_is_decoded_and_json_text_is_kept() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(
            decoded(encoded).unwrap(),
            r#"{"Version":"2012-10-17","Statement":[]}"#
        );
        // A plus sign is itself under RFC 3986, not a space.
        assert_eq!(decoded("%7B%22a+b%22%7D").unwrap(), r#"{"a+b"}"#);
        let json = r#"{"Statement": [{"Resource": "arn:aws:s3:::a%20b"}]}"#;
        assert_eq!(decoded(json).unwrap(), json);
        assert_eq!(decoded("not a policy").unwrap(), "not a policy");
    }

    #[test]
    fn an_escape_that_is_not_utf8_is_a_warning_not_a_failure() {
        let text = r#"{"d": "%7B%FF%7D"}"#;
        let file = SourceFile::new("iam.json", text.to_owned());
        let raw_in_file: std::collections::BTreeMap<&str, &RawValue> =
            serde_json::from_str(&file.text).unwrap();
        let mut warnings = Vec::new();
        let value = document(&file, FileId(0), raw_in_file["d"], &mut warnings).unwrap();
        assert!(matches!(value.kind, ValueKind::Unknown(_)));
        assert_eq!(warnings[0].code, POLICY_ENCODING);
        assert_eq!(warnings[0].span.unwrap().start, 6);
    }
}
