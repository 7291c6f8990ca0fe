//! Building strings from evaluated pieces, for `Fn::Join` and `Fn::Sub`: literal text is
//! merged, symbolic parts (pseudo parameters, references, unknowns) are kept in a
//! [`ValueKind::Template`], and a piece that is one of several values makes the string one
//! of several strings, as long as the combinations stay few.

use crate::load::{TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// The most strings a concatenation may expand into before it is given up as unknown.
const MAX_COMBINATIONS: usize = 16;

/// Concatenates `pieces` into one string value at `span`.
pub(super) fn concatenate(pieces: &[Value], span: Span) -> Value {
    let mut combinations: Vec<Vec<TextPart>> = vec![Vec::new()];
    for piece in pieces {
        let alternatives = match alternatives(piece) {
            Ok(alternatives) => alternatives,
            Err(reason) => return Value::new(span, ValueKind::Unknown(Unknown::new(reason))),
        };
        if combinations.len() * alternatives.len() > MAX_COMBINATIONS {
            return Value::new(
                span,
                ValueKind::Unknown(Unknown::new(format!(
                    "the string has more than {MAX_COMBINATIONS} possible values"
                ))),
            );
        }
        combinations = combinations
            .iter()
            .flat_map(|prefix| {
                alternatives.iter().map(move |parts| {
                    let mut combined = prefix.clone();
                    combined.extend(parts.iter().cloned());
                    combined
                })
            })
            .collect();
    }
    let mut strings: Vec<Value> = combinations
        .into_iter()
        .map(|parts| string_value(parts, span))
        .collect();
    match strings.len() {
        1 => strings.remove(0),
        _ => Value::new(span, ValueKind::OneOf(strings)),
    }
}

/// The text parts a piece may stand for, one list of parts per possibility.
fn alternatives(piece: &Value) -> Result<Vec<Vec<TextPart>>, String> {
    let single = |part: TextPart| Ok(vec![vec![part]]);
    match &piece.kind {
        ValueKind::Str(text) | ValueKind::Number(text) => single(TextPart::Literal(text.clone())),
        ValueKind::Bool(value) => single(TextPart::Literal(value.to_string().into())),
        ValueKind::Template(parts) => Ok(vec![parts.clone()]),
        ValueKind::Reference(reference) => single(TextPart::Reference(reference.clone())),
        ValueKind::Unknown(unknown) => single(TextPart::Unknown(unknown.clone())),
        ValueKind::OneOf(choices) => {
            let mut all = Vec::new();
            for choice in choices {
                all.extend(alternatives(choice)?);
            }
            Ok(all)
        }
        ValueKind::Null => Err("a null cannot be part of a string".into()),
        ValueKind::Absent => Err("`AWS::NoValue` cannot be part of a string".into()),
        ValueKind::List(_) => Err("a list cannot be part of a string".into()),
        ValueKind::Map(_) => Err("a mapping cannot be part of a string".into()),
    }
}

/// The value of a string made of `parts`: literal text merged; a string that is only one
/// symbolic part is that part itself (`${Role.Arn}` is the reference, not a string holding it).
fn string_value(parts: Vec<TextPart>, span: Span) -> Value {
    let mut merged: Vec<TextPart> = Vec::with_capacity(parts.len());
    for part in parts {
        match (merged.last_mut(), part) {
            (_, TextPart::Literal(text)) if text.is_empty() => {}
            (Some(TextPart::Literal(previous)), TextPart::Literal(text)) => {
                *previous = format!("{previous}{text}").into();
            }
            (_, part) => merged.push(part),
        }
    }
    let kind = match merged.as_slice() {
        [] => ValueKind::Str("".into()),
        [TextPart::Literal(text)] => ValueKind::Str(text.clone()),
        [TextPart::Reference(reference)] => ValueKind::Reference(reference.clone()),
        [TextPart::Unknown(unknown)] => ValueKind::Unknown(unknown.clone()),
        _ => ValueKind::Template(merged),
    };
    Value::new(span, kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Pseudo, Reference};

    fn at(kind: ValueKind) -> Value {
        Value::new(Span::default(), kind)
    }

    fn text(value: &str) -> Value {
        at(ValueKind::Str(value.into()))
    }

    #[test]
    fn literals_merge_into_a_string() {
        let value = concatenate(&[text("a"), text(""), text("b")], Span::default());
        assert_eq!(value.kind, ValueKind::Str("ab".into()));
    }

    #[test]
    fn symbolic_parts_make_a_template() {
        let partition = at(ValueKind::Template(vec![TextPart::Pseudo(
            Pseudo::Partition,
        )]));
        let value = concatenate(&[text("arn:"), partition, text(":iam::")], Span::default());
        assert_eq!(
            value.kind,
            ValueKind::Template(vec![
                TextPart::Literal("arn:".into()),
                TextPart::Pseudo(Pseudo::Partition),
                TextPart::Literal(":iam::".into()),
            ])
        );
    }

    #[test]
    fn a_lone_reference_stays_a_reference() {
        let reference = Reference {
            address: "Role".into(),
            attribute: Some("Arn".into()),
        };
        let value = concatenate(
            &[at(ValueKind::Reference(reference.clone()))],
            Span::default(),
        );
        assert_eq!(value.kind, ValueKind::Reference(reference));
    }

    #[test]
    fn choices_expand_into_one_of() {
        let choice = at(ValueKind::OneOf(vec![text("x"), text("y")]));
        let value = concatenate(&[text("a-"), choice], Span::default());
        assert_eq!(value.kind, ValueKind::OneOf(vec![text("a-x"), text("a-y")]));
    }

    #[test]
    fn too_many_choices_are_unknown() {
        let choice = at(ValueKind::OneOf(vec![text("0"), text("1"), text("2")]));
        let pieces = vec![choice.clone(), choice.clone(), choice];
        assert!(
            matches!(concatenate(&pieces[..2], Span::default()).kind, ValueKind::OneOf(ref v) if v.len() == 9)
        );
        assert!(matches!(
            concatenate(&pieces, Span::default()).kind,
            ValueKind::Unknown(_)
        ));
    }

    #[test]
    fn lists_and_absent_values_are_not_text() {
        for piece in [
            at(ValueKind::List(vec![])),
            at(ValueKind::Absent),
            at(ValueKind::Null),
        ] {
            let value = concatenate(&[text("a"), piece], Span::default());
            assert!(matches!(value.kind, ValueKind::Unknown(_)));
        }
    }

    #[test]
    fn numbers_and_booleans_are_their_text() {
        let value = concatenate(
            &[at(ValueKind::Number("3".into())), at(ValueKind::Bool(true))],
            Span::default(),
        );
        assert_eq!(value.kind, ValueKind::Str("3true".into()));
    }
}
