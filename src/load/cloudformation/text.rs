//! Building strings from evaluated pieces, for `Fn::Join` and `Fn::Sub`: literal text is
//! merged, symbolic parts (pseudo parameters, references, unknowns) are kept in a
//! [`ValueKind::Template`], and a piece that is one of several values makes the string one
//! of several strings, as long as the combinations stay few.

use crate::load::{TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// The most strings a concatenation may expand into before it is given up as unknown.
const MAX_COMBINATIONS: usize = 16;

/// The longest string a concatenation may build, in bytes of literal text (a piece with
/// several possible values counts as its longest): more than a whole template may hold
/// (1 MB), so only strings built by repeating pieces, such as `Fn::Sub` or `Fn::Join`
/// nested to double at each level, reach it.
const MAX_STRING_BYTES: usize = 1 << 20;

/// The most symbolic parts (references, pseudo parameters, unknown values) one string may
/// hold; real strings hold a handful.
const MAX_SYMBOLIC_PARTS: usize = 1 << 10;

/// Concatenates `pieces` into one string value at `span`.
pub(super) fn concatenate<'v>(pieces: impl IntoIterator<Item = &'v Value>, span: Span) -> Value {
    let mut combinations: Vec<Vec<TextPart>> = vec![Vec::new()];
    // Upper bounds of the longest combination's size, kept as pieces are added, so that
    // checking the limits costs nothing per piece.
    let (mut bytes, mut symbolic) = (0, 0);
    for piece in pieces {
        let alternatives = match alternatives(piece) {
            Ok(alternatives) => alternatives,
            Err(reason) => {
                return Value::new(span, ValueKind::Unknown(Box::new(Unknown::new(reason))));
            }
        };
        let too_long =
            |reason: String| Value::new(span, ValueKind::Unknown(Box::new(Unknown::new(reason))));
        if combinations.len() * alternatives.len() > MAX_COMBINATIONS {
            return too_long(format!(
                "the string has more than {MAX_COMBINATIONS} possible values"
            ));
        }
        bytes += alternatives
            .iter()
            .map(|parts| TextPart::literal_bytes(parts))
            .max()
            .unwrap_or(0);
        symbolic += alternatives
            .iter()
            .map(|parts| symbolic_parts(parts))
            .max()
            .unwrap_or(0);
        if bytes > MAX_STRING_BYTES {
            return too_long(format!(
                "the string would be longer than {MAX_STRING_BYTES} bytes"
            ));
        }
        if symbolic > MAX_SYMBOLIC_PARTS {
            return too_long(format!(
                "the string would hold more than {MAX_SYMBOLIC_PARTS} references or unknown parts"
            ));
        }
        if let [parts] = alternatives.as_slice() {
            // One possibility (nearly always): extend in place, so that joining many
            // pieces costs their total length.
            for combination in &mut combinations {
                combination.extend(parts.iter().cloned());
            }
            continue;
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
        .map(|parts| Value::from_text_parts(parts, span))
        .collect();
    match strings.len() {
        1 => strings.remove(0),
        _ => Value::new(span, ValueKind::OneOf(strings)),
    }
}

/// How many of `parts` are not literal text.
fn symbolic_parts(parts: &[TextPart]) -> usize {
    parts
        .iter()
        .filter(|part| !matches!(part, TextPart::Literal(_)))
        .count()
}

/// The text parts a piece may stand for, one list of parts per possibility.
fn alternatives(piece: &Value) -> Result<Vec<Vec<TextPart>>, String> {
    let single = |part: TextPart| Ok(vec![vec![part]]);
    match &piece.kind {
        ValueKind::Str(text) | ValueKind::Number(text) => single(TextPart::Literal(text.clone())),
        ValueKind::Bool(value) => single(TextPart::Literal(value.to_string().into())),
        ValueKind::Template(parts) => Ok(vec![parts.clone()]),
        ValueKind::Reference(reference) => single(TextPart::Reference((**reference).clone())),
        ValueKind::Unknown(unknown) => single(TextPart::Unknown((**unknown).clone())),
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
            file: None,
        };
        let value = concatenate(
            &[at(ValueKind::Reference(Box::new(reference.clone())))],
            Span::default(),
        );
        assert_eq!(value.kind, ValueKind::Reference(Box::new(reference)));
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
    fn strings_stop_at_the_length_limit() {
        let half = text(&"x".repeat(MAX_STRING_BYTES / 2));
        let whole = concatenate(&[half.clone(), half.clone()], Span::default());
        assert!(matches!(whole.kind, ValueKind::Str(ref s) if s.len() == MAX_STRING_BYTES));
        let over = concatenate(&[whole, text("x")], Span::default());
        let ValueKind::Unknown(unknown) = over.kind else {
            panic!("{over:?}")
        };
        assert!(unknown.reason.contains("longer than"), "{}", unknown.reason);
    }

    #[test]
    fn strings_stop_at_the_symbolic_part_limit() {
        let unknown = at(ValueKind::Unknown(Box::new(Unknown::new("later"))));
        let pieces = vec![unknown; MAX_SYMBOLIC_PARTS + 1];
        let whole = concatenate(&pieces[..MAX_SYMBOLIC_PARTS], Span::default());
        assert!(matches!(whole.kind, ValueKind::Template(ref p) if p.len() == MAX_SYMBOLIC_PARTS));
        let ValueKind::Unknown(over) = concatenate(&pieces, Span::default()).kind else {
            panic!("past the limit the string is unknown")
        };
        assert!(
            over.reason.contains("references or unknown parts"),
            "{}",
            over.reason
        );
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
