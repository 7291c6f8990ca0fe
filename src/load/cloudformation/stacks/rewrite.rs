//! Replacing parts of loaded values: a nested stack's output where the parent reads it, an
//! exported value where another stack imports it. Inside a string (`Fn::Sub`, `Fn::Join`)
//! the replacement becomes the text it stands for.

use crate::load::{Reference, TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// What may be replaced: a reference to a resource, or an unknown.
pub(super) enum Leaf<'v> {
    Reference(&'v Reference),
    Unknown(&'v Unknown),
}

/// Replaces every leaf of `value` for which `replace` gives a value (placed at `span`, the
/// leaf's place); returns whether anything changed.
pub(super) fn rewrite(
    value: &mut Value,
    replace: &mut dyn FnMut(Leaf<'_>, Span) -> Option<Value>,
) -> bool {
    let span = value.span;
    match &mut value.kind {
        ValueKind::Reference(reference) => match replace(Leaf::Reference(reference), span) {
            Some(replacement) => {
                *value = replacement;
                true
            }
            None => false,
        },
        ValueKind::Unknown(unknown) => match replace(Leaf::Unknown(unknown), span) {
            Some(replacement) => {
                *value = replacement;
                true
            }
            None => false,
        },
        ValueKind::Template(parts) => {
            let replaceable =
                |part: &TextPart| matches!(part, TextPart::Reference(_) | TextPart::Unknown(_));
            if !parts.iter().any(replaceable) {
                return false;
            }
            let mut changed = false;
            let mut rewritten = Vec::with_capacity(parts.len());
            for part in parts.drain(..) {
                let replacement = match &part {
                    TextPart::Reference(reference) => replace(Leaf::Reference(reference), span),
                    TextPart::Unknown(unknown) => replace(Leaf::Unknown(unknown), span),
                    _ => None,
                };
                match replacement {
                    Some(replacement) => {
                        changed = true;
                        rewritten.extend(text_parts(replacement));
                    }
                    None => rewritten.push(part),
                }
            }
            value.kind = match changed {
                true => template_kind(rewritten),
                false => ValueKind::Template(rewritten),
            };
            changed
        }
        ValueKind::List(items) => items
            .iter_mut()
            .fold(false, |changed, item| rewrite(item, replace) | changed),
        ValueKind::OneOf(choices) => choices
            .iter_mut()
            .fold(false, |changed, choice| rewrite(choice, replace) | changed),
        ValueKind::Map(fields) => fields.iter_mut().fold(false, |changed, field| {
            rewrite(&mut field.value, replace) | changed
        }),
        _ => false,
    }
}

/// The text a value stands for inside a string.
fn text_parts(value: Value) -> Vec<TextPart> {
    match value.kind {
        ValueKind::Str(text) | ValueKind::Number(text) => vec![TextPart::Literal(text)],
        ValueKind::Template(parts) => parts,
        ValueKind::Reference(reference) => vec![TextPart::Reference(*reference)],
        ValueKind::Unknown(unknown) => vec![TextPart::Unknown(*unknown)],
        _ => vec![TextPart::Unknown(Unknown::new(
            "a value that is not text, used inside a string",
        ))],
    }
}

/// A string of `parts`: plain text when every part is literal, the part itself when it
/// is a lone reference or unknown.
fn template_kind(parts: Vec<TextPart>) -> ValueKind {
    if parts
        .iter()
        .all(|part| matches!(part, TextPart::Literal(_)))
    {
        let text: String = parts
            .iter()
            .filter_map(|part| match part {
                TextPart::Literal(text) => Some(&**text),
                _ => None,
            })
            .collect();
        return ValueKind::Str(text.into());
    }
    match <[TextPart; 1]>::try_from(parts) {
        Ok([TextPart::Reference(reference)]) => ValueKind::Reference(Box::new(reference)),
        Ok([TextPart::Unknown(unknown)]) => ValueKind::Unknown(Box::new(unknown)),
        Ok(parts) => ValueKind::Template(parts.into()),
        Err(parts) => ValueKind::Template(parts),
    }
}
