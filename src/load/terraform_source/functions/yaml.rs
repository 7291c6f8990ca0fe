//! `yamldecode`: a YAML document to a value, read with the scanner's own YAML parser,
//! which follows the YAML 1.2 core schema as Terraform does (`yes` and `on` are strings,
//! `0x1F` is 31, numbers keep their digits).
//!
//! Where the parser is stricter than Terraform (aliases, merge keys, nesting past its
//! depth limit) the result is unknown, saying supportscan does not read it; CloudFormation
//! short tags (`!Ref`), which Terraform rejects, read as their long forms.

use super::numbers::canonical;
use super::{Call, Outcome, Stop, text};
use crate::document::{Node, NodeValue, parse::parse_fragment};
use crate::load::{Field, Unknown, Value, ValueKind};
use crate::source::{FileId, Span};

/// `yamldecode(string)`: the value at the call's span.
pub(super) fn yamldecode(call: Call<'_>) -> Outcome {
    let document = text(call.at(0))?;
    let parsed = parse_fragment(&document, 0, FileId(0)).map_err(|problem| match problem.code {
        "parse-error" | "multiple-documents" => {
            Stop::Error(format!("invalid YAML: {}", problem.message))
        }
        _ => Stop::Unknown(Unknown::new(format!(
            "`yamldecode`: supportscan does not read this YAML ({})",
            problem.message
        ))),
    })?;
    value_of(&parsed.root, call.span)
}

/// The value of a parsed node, every part at `span`.
fn value_of(node: &Node, span: Span) -> Outcome {
    let kind = match &node.value {
        NodeValue::Null => ValueKind::Null,
        NodeValue::Bool(truth) => ValueKind::Bool(*truth),
        NodeValue::Number(number) => ValueKind::Number(decimal(number)?.into()),
        NodeValue::String(text) => ValueKind::Str(text.clone()),
        NodeValue::Seq(items) => ValueKind::List(
            items
                .iter()
                .map(|item| value_of(item, span))
                .collect::<Result<_, _>>()?,
        ),
        NodeValue::Map(entries) => ValueKind::Map(
            entries
                .iter()
                .map(|entry| {
                    Ok(Field {
                        key: entry.key.clone(),
                        key_span: span,
                        value: value_of(&entry.value, span)?,
                    })
                })
                .collect::<Result<_, Stop>>()?,
        ),
    };
    Ok(Value::new(span, kind))
}

/// A YAML number's decimal text (`0x1F` is `31`, `0o17` is `15`); infinities and NaN
/// have no Terraform number text.
fn decimal(number: &str) -> Result<String, Stop> {
    let radix = |digits: &str, radix: u32| {
        u128::from_str_radix(digits, radix)
            .map(|value| value.to_string())
            .map_err(|_| {
                Stop::Unknown(Unknown::new(
                    "`yamldecode`: the number is too large for supportscan",
                ))
            })
    };
    if let Some(digits) = number.strip_prefix("0x") {
        return radix(digits, 16);
    }
    if let Some(digits) = number.strip_prefix("0o") {
        return radix(digits, 8);
    }
    let lower = number.to_ascii_lowercase();
    if lower.ends_with(".inf") || lower == ".nan" {
        return Err(Stop::Unknown(Unknown::new(format!(
            "`yamldecode`: `{number}` is not a finite number, which supportscan does not represent"
        ))));
    }
    Ok(canonical(number))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    fn decoded(document: &str) -> crate::load::Value {
        run("yamldecode", vec![text_value(document)])
    }

    #[test]
    fn documents_follow_the_core_schema() {
        let policy = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: [s3:GetObject]\n    Account: 012345678901\n    Enabled: yes\n    Mfa: true\n    Hex: 0x1F\n    Ratio: 1.50\n    Nothing: ~\n";
        assert_eq!(
            decoded(policy),
            map(vec![
                ("Version", text_value("2012-10-17")),
                (
                    "Statement",
                    list(vec![map(vec![
                        ("Effect", text_value("Allow")),
                        ("Action", strings(&["s3:GetObject"])),
                        ("Account", num("12345678901")),
                        ("Enabled", text_value("yes")),
                        ("Mfa", boolean(true)),
                        ("Hex", num("31")),
                        ("Ratio", num("1.5")),
                        ("Nothing", null()),
                    ])]),
                ),
            ])
        );
        assert_eq!(decoded(""), null());
        assert_eq!(run_at("yamldecode", vec![text_value("a: [1]")]).span, CALL);
    }

    #[test]
    fn invalid_or_unread_yaml() {
        assert!(error(&decoded("a: [1")).contains("invalid YAML"));
        assert!(error(&decoded("a: 1\n---\nb: 2\n")).contains("invalid YAML"));
        let alias = decoded("a: &x 1\nb: *x\n");
        assert!(
            reason(&alias).contains("supportscan does not read this YAML"),
            "{}",
            reason(&alias)
        );
        assert!(reason(&decoded("a: .inf")).contains("not a finite number"));
        assert_eq!(reason(&run("yamldecode", vec![unknown("later")])), "later");
    }
}
