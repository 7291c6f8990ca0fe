//! Encodings: `jsonencode`, `jsondecode`, `base64encode`, `base64decode`, `urlencode`.
//!
//! `jsonencode` of a value known in full gives the exact text Terraform writes: object
//! keys sorted, no whitespace, numbers in Terraform's form, and Go's escaping (`<`, `>`,
//! `&`, U+2028 and U+2029 as `\uXXXX`). A value with parts known only after apply (a
//! policy that names a role's ARN) has no text yet; `jsonencode` then gives the value's
//! structure itself, the list or mapping with its spans, which the graph's policy reader
//! accepts as it accepts JSON text, so that the policy is still read, references included.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::numbers::canonical;
use super::{Call, Outcome, Stop, deduplicated, hidden, known, known_in_full, string, text};
use crate::load::terraform::value_from_raw;
use crate::load::{Field, Value, ValueKind};

/// `jsonencode(value)`; see the module documentation for values not known in full.
pub(super) fn jsonencode(call: Call<'_>) -> Outcome {
    let span = call.span;
    let value = call.into_only();
    known(&value)?;
    if hidden(&value).is_some() {
        return Ok(value);
    }
    Ok(string(span, json_text(&value)?))
}

/// The JSON text of a value known in full, as Terraform writes it.
pub(super) fn json_text(value: &Value) -> Result<String, Stop> {
    known_in_full(value)?;
    let mut out = String::new();
    write_json(value, &mut out);
    Ok(out)
}

fn write_json(value: &Value, out: &mut String) {
    match &value.kind {
        ValueKind::Bool(truth) => out.push_str(if *truth { "true" } else { "false" }),
        ValueKind::Number(number) => out.push_str(&canonical(number)),
        ValueKind::Str(text) => out.push_str(&quote(text)),
        ValueKind::List(items) => {
            out.push('[');
            for (position, item) in items.iter().enumerate() {
                if position > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        ValueKind::Map(fields) => {
            let mut sorted: Vec<_> = fields.iter().collect();
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            out.push('{');
            for (position, field) in sorted.into_iter().enumerate() {
                if position > 0 {
                    out.push(',');
                }
                out.push_str(&quote(&field.key));
                out.push(':');
                write_json(&field.value, out);
            }
            out.push('}');
        }
        // Only nulls are left among known values.
        _ => out.push_str("null"),
    }
}

/// `text` as a JSON string, escaped as Go's `encoding/json` escapes it.
pub(super) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\u{0}'..='\u{1f}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(character)));
            }
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// `jsondecode(string)`: the value at the call's span, objects in the document's key
/// order, numbers as their text.
///
/// A list or mapping with parts not known yet is the structure `jsonencode` gives for
/// JSON text not known yet: it is the decoded value already.
pub(super) fn jsondecode(call: Call<'_>) -> Outcome {
    let argument = call.at(0);
    if matches!(argument.kind, ValueKind::List(_) | ValueKind::Map(_)) && hidden(argument).is_some()
    {
        return Ok(argument.clone());
    }
    let document = text(argument)?;
    let raw: Box<serde_json::value::RawValue> = serde_json::from_str(&document)
        .map_err(|error| Stop::Error(format!("invalid JSON: {error}")))?;
    value_from_raw(&raw, call.span)
        .map(last_wins)
        .map_err(|error| Stop::Error(format!("invalid JSON: {error}")))
}

/// `value` with only the last of each object's duplicate keys, as Terraform decodes them.
fn last_wins(value: Value) -> Value {
    let kind = match value.kind {
        ValueKind::List(items) => ValueKind::List(items.into_iter().map(last_wins).collect()),
        ValueKind::Map(fields) => {
            ValueKind::Map(deduplicated(fields.into_iter().map(|field| Field {
                value: last_wins(field.value),
                ..field
            })))
        }
        other => other,
    };
    Value::new(value.span, kind)
}

/// `base64encode(string)`: the UTF-8 bytes in standard, padded Base64.
pub(super) fn base64encode(call: Call<'_>) -> Outcome {
    let plain = text(call.at(0))?;
    Ok(string(call.span, STANDARD.encode(plain.as_bytes())))
}

/// `base64decode(string)`: the decoded bytes, which must be UTF-8.
pub(super) fn base64decode(call: Call<'_>) -> Outcome {
    let encoded = text(call.at(0))?;
    let bytes = STANDARD
        .decode(encoded.as_bytes())
        .map_err(|error| Stop::Error(format!("failed to decode base64 data: {error}")))?;
    let decoded = String::from_utf8(bytes).map_err(|_| {
        Stop::Error("the result of decoding the provided string is not valid UTF-8".into())
    })?;
    Ok(string(call.span, decoded))
}

/// `urlencode(string)`: query escaping as Go's `url.QueryEscape` does it (spaces as `+`,
/// unreserved characters kept, every other byte as `%XX`).
pub(super) fn urlencode(call: Call<'_>) -> Outcome {
    let plain = text(call.at(0))?;
    let mut out = String::with_capacity(plain.len());
    for byte in plain.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    Ok(string(call.span, out))
}

/// `bytes` in standard, padded Base64 (for `filebase64`).
pub(super) fn encode_bytes(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::ValueKind;
    use crate::load::terraform_source::functions::testing::*;

    #[test]
    fn jsonencode_writes_what_terraform_writes() {
        let policy = map(vec![
            ("Version", text_value("2012-10-17")),
            (
                "Statement",
                list(vec![map(vec![
                    ("Effect", text_value("Allow")),
                    ("Action", strings(&["sts:AssumeRole"])),
                    (
                        "Condition",
                        map(vec![(
                            "Bool",
                            map(vec![("aws:MultiFactorAuthPresent", boolean(true))]),
                        )]),
                    ),
                    ("Sid", null()),
                    ("Max", num("3600.0")),
                ])]),
            ),
        ]);
        assert_eq!(
            run("jsonencode", vec![policy]),
            text_value(
                r#"{"Statement":[{"Action":["sts:AssumeRole"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}},"Effect":"Allow","Max":3600,"Sid":null}],"Version":"2012-10-17"}"#
            )
        );
        assert_eq!(
            run(
                "jsonencode",
                vec![text_value("<a & b>\u{2028}\"\\\n\u{1}\u{7f}é")]
            ),
            text_value("\"\\u003ca \\u0026 b\\u003e\\u2028\\\"\\\\\\n\\u0001\u{7f}é\"")
        );
        assert_eq!(run("jsonencode", vec![null()]), text_value("null"));
    }

    #[test]
    fn jsonencode_of_a_policy_with_references_keeps_its_structure() {
        let statement = map(vec![("Resource", reference("aws_s3_bucket.b", "arn"))]);
        let result = run_at("jsonencode", vec![statement.clone()]);
        assert_eq!(result, statement);
        let unknown_value = run("jsonencode", vec![unknown("later")]);
        assert_eq!(reason(&unknown_value), "later");
    }

    #[test]
    fn jsondecode_reads_documents_at_the_call() {
        let decoded = run_at(
            "jsondecode",
            vec![text_value(r#"{"b":[1,2.50,"x"],"a":null}"#)],
        );
        assert_eq!(decoded.span, CALL);
        assert_eq!(
            cleared(&decoded),
            map(vec![
                ("b", list(vec![num("1"), num("2.5"), text_value("x")])),
                ("a", null()),
            ])
        );
        assert_eq!(
            run("jsondecode", vec![text_value(r#"[{"a":1,"b":2,"a":3}]"#)]),
            list(vec![map(vec![("a", num("3")), ("b", num("2"))])])
        );
        let invalid = run("jsondecode", vec![text_value("{")]);
        assert!(
            error(&invalid).contains("invalid JSON: EOF while parsing"),
            "{}",
            reason(&invalid)
        );
        let policy = map(vec![("Resource", reference("aws_s3_bucket.b", "arn"))]);
        let encoded = run_at("jsonencode", vec![policy.clone()]);
        assert_eq!(run_at("jsondecode", vec![encoded.clone()]), policy);
        assert_eq!(
            reason(&run(
                "replace",
                vec![encoded, text_value("a"), text_value("b")]
            )),
            "computed from `aws_s3_bucket.b.arn`, known only after apply"
        );
        assert!(error(&run("jsondecode", vec![map(vec![])])).contains("string required"));
        let pending = run("jsondecode", vec![reference("data.http.x", "body")]);
        assert!(reason(&pending).contains("data.http.x.body"));
    }

    #[test]
    fn base64_and_urlencode() {
        assert_eq!(
            run("base64encode", vec![text_value("Hello World")]),
            text_value("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            run("base64decode", vec![text_value("SGVsbG8gV29ybGQ=")]),
            text_value("Hello World")
        );
        assert!(error(&run("base64decode", vec![text_value("!!")])).contains("failed to decode"));
        assert!(error(&run("base64decode", vec![text_value("/w==")])).contains("not valid UTF-8"));
        assert_eq!(
            run("urlencode", vec![text_value("Hello World?a=b&c/é~")]),
            text_value("Hello+World%3Fa%3Db%26c%2F%C3%A9~")
        );
        assert!(matches!(
            run("urlencode", vec![unknown("later")]).kind,
            ValueKind::Unknown(_)
        ));
    }
}
