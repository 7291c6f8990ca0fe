//! Type conversions: `tostring`, `tonumber`, `tobool`, `tolist`, `tomap`, and the
//! identity functions `sensitive` and `nonsensitive` (supportscan reads values, not their
//! sensitivity).
//!
//! Conversions follow Terraform's rules: a null stays null, numbers and bools become
//! strings, strings become numbers or bools when they hold one, and a list or map whose
//! items mix strings with numbers or bools becomes one of strings.

use super::numbers::{canonical, parse};
use super::{Call, Outcome, Stop, known, plain, string, text, type_name};
use crate::load::{Field, Value, ValueKind};

/// `tostring(value)`; a reference or a string with references is a string already and
/// stays as it is, so that an ARN passed through `tostring` can still be resolved.
pub(super) fn tostring(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    if matches!(value.kind, ValueKind::Reference(_) | ValueKind::Template(_)) {
        return Ok(value.clone());
    }
    match &known(value)?.kind {
        ValueKind::Null => Ok(Value::new(call.span, ValueKind::Null)),
        ValueKind::List(_) | ValueKind::Map(_) => Err(Stop::Error(format!(
            "cannot convert {} to string",
            type_name(value)
        ))),
        _ => Ok(string(call.span, text(value)?)),
    }
}

/// `tonumber(value)`.
pub(super) fn tonumber(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    let number = match &known(value)?.kind {
        ValueKind::Null => return Ok(Value::new(call.span, ValueKind::Null)),
        ValueKind::Number(number) => canonical(number),
        ValueKind::Str(text) if parse(text).is_some() => canonical(text),
        ValueKind::Str(_) => {
            return Err(Stop::Error(format!(
                "cannot convert \"{}\" to number; given string must be a decimal representation of a number",
                plain(value)
            )));
        }
        _ => {
            return Err(Stop::Error(format!(
                "cannot convert {} to number",
                type_name(value)
            )));
        }
    };
    Ok(Value::new(call.span, ValueKind::Number(number.into())))
}

/// `tobool(value)`.
pub(super) fn tobool(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    let truth = match &known(value)?.kind {
        ValueKind::Null => return Ok(Value::new(call.span, ValueKind::Null)),
        ValueKind::Bool(truth) => *truth,
        ValueKind::Str(text) if &**text == "true" => true,
        ValueKind::Str(text) if &**text == "false" => false,
        ValueKind::Str(_) => {
            return Err(Stop::Error(format!(
                "cannot convert \"{}\" to bool; only the strings \"true\" or \"false\" are allowed",
                plain(value)
            )));
        }
        _ => {
            return Err(Stop::Error(format!(
                "cannot convert {} to bool",
                type_name(value)
            )));
        }
    };
    Ok(Value::new(call.span, ValueKind::Bool(truth)))
}

/// `tolist(value)`: items keep their own spans, unknown items stay.
pub(super) fn tolist(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    match &known(value)?.kind {
        ValueKind::Null => Ok(Value::new(call.span, ValueKind::Null)),
        ValueKind::List(items) => Ok(Value::new(call.span, ValueKind::List(unified(items)?))),
        _ => Err(Stop::Error(format!(
            "cannot convert {} to list",
            type_name(value)
        ))),
    }
}

/// `tomap(value)`: keys in lexical order, values keep their own spans.
pub(super) fn tomap(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    match &known(value)?.kind {
        ValueKind::Null => Ok(Value::new(call.span, ValueKind::Null)),
        ValueKind::Map(fields) => {
            let values: Vec<Value> = fields.iter().map(|field| field.value.clone()).collect();
            let mut converted: Vec<Field> = fields
                .iter()
                .zip(unified(&values)?)
                .map(|(field, value)| Field {
                    key: field.key.clone(),
                    key_span: field.key_span,
                    value,
                })
                .collect();
            converted.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(Value::new(call.span, ValueKind::Map(converted)))
        }
        _ => Err(Stop::Error(format!(
            "cannot convert {} to map",
            type_name(value)
        ))),
    }
}

/// `sensitive(value)`, `nonsensitive(value)`: the value itself.
pub(super) fn identity(call: Call<'_>) -> Outcome {
    Ok(call.into_only())
}

/// `items` converted to one element type, as Terraform converts a tuple to a list: when
/// strings are mixed with numbers or bools, all become strings; numbers mixed with bools
/// have no common type. Items not known, nulls and collections are left as they are.
pub(super) fn unified(items: &[Value]) -> Result<Vec<Value>, Stop> {
    let has = |wanted: fn(&ValueKind) -> bool| items.iter().any(|item| wanted(&item.kind));
    let strings = has(|kind| matches!(kind, ValueKind::Str(_) | ValueKind::Template(_)));
    let numbers = has(|kind| matches!(kind, ValueKind::Number(_)));
    let bools = has(|kind| matches!(kind, ValueKind::Bool(_)));
    if !strings && numbers && bools {
        return Err(Stop::Error(
            "all elements must have the same type (numbers and bools have none in common)".into(),
        ));
    }
    if !strings {
        return Ok(items.to_vec());
    }
    items
        .iter()
        .map(|item| match &item.kind {
            ValueKind::Number(_) | ValueKind::Bool(_) => Ok(string(item.span, text(item)?)),
            _ => Ok(item.clone()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    #[test]
    fn tostring_converts_primitives() {
        assert_eq!(run("tostring", vec![num("1.50")]), text_value("1.5"));
        assert_eq!(run("tostring", vec![boolean(false)]), text_value("false"));
        assert_eq!(run("tostring", vec![text_value("x")]), text_value("x"));
        assert_eq!(run("tostring", vec![null()]), null());
        assert!(
            error(&run("tostring", vec![strings(&["a"])]))
                .contains("cannot convert list to string")
        );
        assert_eq!(reason(&run("tostring", vec![unknown("later")])), "later");
        assert_eq!(
            run("tostring", vec![reference("aws_iam_role.r", "arn")]),
            reference("aws_iam_role.r", "arn")
        );
    }

    #[test]
    fn tonumber_and_tobool_convert_strings_that_hold_them() {
        assert_eq!(run("tonumber", vec![text_value("1")]), num("1"));
        assert_eq!(run("tonumber", vec![num("007")]), num("7"));
        assert_eq!(run("tonumber", vec![null()]), null());
        assert!(error(&run("tonumber", vec![text_value("no")])).contains("decimal representation"));
        assert!(error(&run("tonumber", vec![boolean(true)])).contains("cannot convert bool"));
        assert_eq!(run("tobool", vec![text_value("true")]), boolean(true));
        assert_eq!(run("tobool", vec![boolean(false)]), boolean(false));
        assert_eq!(run("tobool", vec![null()]), null());
        assert!(error(&run("tobool", vec![text_value("yes")])).contains("only the strings"));
        assert!(error(&run("tobool", vec![num("1")])).contains("cannot convert number to bool"));
    }

    #[test]
    fn tolist_unifies_and_keeps_unknown_items() {
        assert_eq!(
            run(
                "tolist",
                vec![list(vec![text_value("a"), num("1"), boolean(true)])]
            ),
            strings(&["a", "1", "true"])
        );
        assert_eq!(
            run(
                "tolist",
                vec![list(vec![
                    reference("aws_iam_role.r", "arn"),
                    text_value("b")
                ])]
            ),
            list(vec![reference("aws_iam_role.r", "arn"), text_value("b")])
        );
        assert!(
            error(&run("tolist", vec![list(vec![num("1"), boolean(true)])])).contains("same type")
        );
        assert!(error(&run("tolist", vec![map(vec![])])).contains("cannot convert object to list"));
        assert_eq!(reason(&run("tolist", vec![unknown("later")])), "later");
    }

    #[test]
    fn tomap_sorts_keys() {
        assert_eq!(
            run(
                "tomap",
                vec![map(vec![("b", num("2")), ("a", text_value("x"))])]
            ),
            map(vec![("a", text_value("x")), ("b", text_value("2"))])
        );
        assert!(error(&run("tomap", vec![strings(&["a"])])).contains("cannot convert list to map"));
    }

    #[test]
    fn sensitivity_is_not_tracked() {
        let secret = run_at("sensitive", vec![text_value("s3cr3t")]);
        assert_eq!(secret, text_value("s3cr3t"));
        assert_eq!(
            run("nonsensitive", vec![unknown("later")]),
            unknown("later")
        );
    }
}
