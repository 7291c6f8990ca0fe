//! Scalar resolution: what a YAML or JSON scalar means.
//!
//! We follow the YAML 1.2 core schema, which is also what JSON needs: quoted scalars are
//! always strings; plain scalars are null, booleans, integers or floats when they match
//! the schema's patterns, and strings otherwise. That keeps YAML 1.1 surprises out
//! (`yes`, `on`, `2012-10-17` stay strings) and numbers keep their raw text, so an account
//! ID such as `012345678901` survives. Explicit `!!` core tags are honoured.

use saphyr_parser::ScalarStyle;

use crate::document::NodeValue;

/// The value of a plain or quoted scalar without an explicit tag.
pub(super) fn resolve_untagged(text: &str, style: ScalarStyle) -> NodeValue {
    if style != ScalarStyle::Plain {
        return NodeValue::String(text.into());
    }
    if is_null(text) {
        NodeValue::Null
    } else if let Some(value) = as_bool(text) {
        NodeValue::Bool(value)
    } else if is_int(text) || is_float(text) {
        NodeValue::Number(text.into())
    } else {
        NodeValue::String(text.into())
    }
}

/// The value of a scalar carrying the core-schema tag `!!suffix`, or why the tag does not fit.
pub(super) fn resolve_core_tagged(suffix: &str, text: &str) -> Result<NodeValue, String> {
    let fits = match suffix {
        "str" => return Ok(NodeValue::String(text.into())),
        "null" if is_null(text) => return Ok(NodeValue::Null),
        "bool" => match as_bool(text) {
            Some(value) => return Ok(NodeValue::Bool(value)),
            None => "a boolean",
        },
        "int" if is_int(text) => return Ok(NodeValue::Number(text.into())),
        "float" if is_int(text) || is_float(text) => return Ok(NodeValue::Number(text.into())),
        "null" => "null",
        "int" => "an integer",
        "float" => "a number",
        other => return Err(unsupported_core_tag(other, "a scalar")),
    };
    Err(format!(
        "`{text}` is not {fits}, as its tag `!!{suffix}` says"
    ))
}

/// Checks a core-schema tag on a sequence (`seq == true`) or a mapping.
pub(super) fn check_core_collection_tag(suffix: &str, seq: bool) -> Result<(), String> {
    match (suffix, seq) {
        ("seq", true) | ("map", false) => Ok(()),
        (other, true) => Err(unsupported_core_tag(other, "a sequence")),
        (other, false) => Err(unsupported_core_tag(other, "a mapping")),
    }
}

fn unsupported_core_tag(suffix: &str, kind: &str) -> String {
    match suffix {
        "binary" | "timestamp" | "set" | "omap" | "pairs" | "merge" | "value" | "yaml" => {
            format!("CloudFormation does not support the YAML tag `!!{suffix}`")
        }
        _ => format!("the YAML tag `!!{suffix}` cannot be used on {kind}"),
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn as_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+`
fn is_int(text: &str) -> bool {
    if let Some(octal) = text.strip_prefix("0o") {
        return all_nonempty(octal, |b| matches!(b, b'0'..=b'7'));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return all_nonempty(hex, |b| b.is_ascii_hexdigit());
    }
    all_nonempty(strip_sign(text), |b| b.is_ascii_digit())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.inf | \.nan` (three cases each)
fn is_float(text: &str) -> bool {
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let unsigned = strip_sign(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => all_nonempty(fraction, |b| b.is_ascii_digit()),
        Some((whole, fraction)) => {
            all_nonempty(whole, |b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => all_nonempty(mantissa, |b| b.is_ascii_digit()),
    };
    let exponent_ok =
        exponent.is_none_or(|digits| all_nonempty(strip_sign(digits), |b| b.is_ascii_digit()));
    mantissa_ok && exponent_ok
}

fn strip_sign(text: &str) -> &str {
    text.strip_prefix(['-', '+']).unwrap_or(text)
}

fn all_nonempty(text: &str, accept: impl Fn(u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(accept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> NodeValue {
        resolve_untagged(text, ScalarStyle::Plain)
    }

    fn number(text: &str) -> NodeValue {
        NodeValue::Number(text.into())
    }

    fn string(text: &str) -> NodeValue {
        NodeValue::String(text.into())
    }

    #[test]
    fn plain_nulls_and_booleans() {
        for text in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(text), NodeValue::Null, "{text:?}");
        }
        for text in ["true", "True", "TRUE"] {
            assert_eq!(plain(text), NodeValue::Bool(true));
        }
        for text in ["false", "False", "FALSE"] {
            assert_eq!(plain(text), NodeValue::Bool(false));
        }
        for text in ["nULL", "tRUE", "yes", "no", "on", "off", "y", "n"] {
            assert_eq!(plain(text), string(text), "{text:?}");
        }
    }

    #[test]
    fn plain_numbers_keep_their_text() {
        for text in [
            "0",
            "12",
            "-3",
            "+4",
            "012345678901",
            "0o17",
            "0x1F",
            "1.5",
            "-1.",
            ".5",
            "1e3",
            "1.5E-3",
            "+2e+2",
            ".inf",
            "-.Inf",
            "+.INF",
            ".nan",
            ".NaN",
            ".NAN",
        ] {
            assert_eq!(plain(text), number(text), "{text:?}");
        }
    }

    #[test]
    fn near_numbers_stay_strings() {
        for text in [
            "2012-10-17",
            "1_000",
            "0o8",
            "0x",
            "0xG",
            "1e",
            "e3",
            ".",
            "-",
            "+",
            "1.2.3",
            "-.nan",
            "1,5",
            "0b101",
            "12 34",
            "1e3.5",
            "..5",
        ] {
            assert_eq!(plain(text), string(text), "{text:?}");
        }
    }

    #[test]
    fn quoted_scalars_are_strings() {
        for style in [
            ScalarStyle::SingleQuoted,
            ScalarStyle::DoubleQuoted,
            ScalarStyle::Literal,
        ] {
            assert_eq!(resolve_untagged("true", style), string("true"));
            assert_eq!(resolve_untagged("12", style), string("12"));
            assert_eq!(resolve_untagged("", style), string(""));
        }
    }

    #[test]
    fn core_tags_force_or_check_the_type() {
        assert_eq!(resolve_core_tagged("str", "12"), Ok(string("12")));
        assert_eq!(resolve_core_tagged("str", "null"), Ok(string("null")));
        assert_eq!(resolve_core_tagged("int", "12"), Ok(number("12")));
        assert_eq!(resolve_core_tagged("float", "12"), Ok(number("12")));
        assert_eq!(resolve_core_tagged("float", "1.5"), Ok(number("1.5")));
        assert_eq!(
            resolve_core_tagged("bool", "True"),
            Ok(NodeValue::Bool(true))
        );
        assert_eq!(resolve_core_tagged("null", ""), Ok(NodeValue::Null));
        let error = resolve_core_tagged("int", "1.5").unwrap_err();
        assert_eq!(error, "`1.5` is not an integer, as its tag `!!int` says");
        assert!(resolve_core_tagged("bool", "yes").is_err());
        assert!(resolve_core_tagged("null", "x").is_err());
        let error = resolve_core_tagged("binary", "R0lG").unwrap_err();
        assert!(
            error.contains("does not support the YAML tag `!!binary`"),
            "{error}"
        );
        assert!(
            resolve_core_tagged("seq", "x")
                .unwrap_err()
                .contains("on a scalar")
        );
    }

    #[test]
    fn core_tags_on_collections() {
        assert!(check_core_collection_tag("seq", true).is_ok());
        assert!(check_core_collection_tag("map", false).is_ok());
        assert!(
            check_core_collection_tag("map", true)
                .unwrap_err()
                .contains("on a sequence")
        );
        assert!(
            check_core_collection_tag("omap", true)
                .unwrap_err()
                .contains("does not support")
        );
        assert!(
            check_core_collection_tag("str", false)
                .unwrap_err()
                .contains("on a mapping")
        );
    }
}
