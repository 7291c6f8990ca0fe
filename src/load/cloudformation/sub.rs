//! `Fn::Sub`: a string with `${Name}` placeholders, filled from the function's own variable
//! map first, then from parameters, pseudo parameters and resources (`${Id}` is `Ref Id`,
//! `${Id.Attribute}` is `Fn::GetAtt`); `${!Text}` is the literal text `${Text}`.

use std::collections::HashMap;

use super::intrinsics::Evaluator;
use super::text::concatenate;
use crate::document::{Node, NodeValue};
use crate::load::{Value, ValueKind};
use crate::source::Span;

/// A piece of a `Fn::Sub` string.
#[derive(Debug, PartialEq)]
enum Segment<'s> {
    Literal(&'s str),
    Variable(&'s str),
}

impl Evaluator<'_, '_> {
    /// Evaluates `Fn::Sub` with `argument` as its argument.
    pub(super) fn sub(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let (text, variables) = match &argument.value {
            NodeValue::String(text) => (&**text, None),
            NodeValue::Seq(items) => match items.as_slice() {
                [text, variables] => match (text.as_str(), variables.as_map()) {
                    (Some(text), Some(_)) => (text, Some(variables)),
                    _ => return self.malformed(span, "Fn::Sub", "[string, {variables}]"),
                },
                [text] => match text.as_str() {
                    Some(text) => (text, None),
                    None => return self.malformed(span, "Fn::Sub", "a string"),
                },
                _ => return self.malformed(span, "Fn::Sub", "[string, {variables}]"),
            },
            _ => return self.malformed(span, "Fn::Sub", "a string or [string, {variables}]"),
        };
        // Looked up by hash: a string of many placeholders over a map of many variables
        // must not cost their product.
        let variables: HashMap<&str, &Node> = variables
            .and_then(Node::as_map)
            .into_iter()
            .flatten()
            .map(|entry| (&*entry.key, &entry.value))
            .collect();
        // Each variable is evaluated once, however often the string uses it: evaluating it
        // per use would let `${A}${A}` nested in A's own value double the work per level.
        // Nor is its value copied per use (a 1 MB value used 100,000 times): the string is
        // a list of indexes into `values`, and a later use repeats the first one's index.
        let mut first_use: HashMap<&str, usize> = HashMap::new();
        let mut values: Vec<Value> = Vec::new();
        let mut order: Vec<usize> = Vec::new();
        for segment in segments(text) {
            let index = match segment {
                Segment::Literal(text) => {
                    append(&mut values, Value::new(span, ValueKind::Str(text.into())))
                }
                Segment::Variable(name) => match (variables.get(name), first_use.get(name)) {
                    (Some(_), Some(&index)) => index,
                    (Some(value), None) => {
                        let value = self.evaluate(value, depth + 1);
                        let index = append(&mut values, value);
                        first_use.insert(name, index);
                        index
                    }
                    (None, _) => {
                        let value = self.placeholder(name, span);
                        append(&mut values, value)
                    }
                },
            };
            order.push(index);
        }
        concatenate(order.iter().map(|&index| &values[index]), span)
    }

    /// A placeholder not in the variable map: a `Ref` or, with a dot, a `Fn::GetAtt`.
    fn placeholder(&mut self, name: &str, span: Span) -> Value {
        match name.split_once('.') {
            Some((resource, attribute)) => self.attribute_of(resource, attribute, span),
            None => self.resolve_name(name, span),
        }
    }
}

/// Adds `value` to `values` and returns its index.
fn append(values: &mut Vec<Value>, value: Value) -> usize {
    values.push(value);
    values.len() - 1
}

/// Splits a `Fn::Sub` string into literal text and placeholders.
fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            segments.push(Segment::Literal(&rest[..start]));
        }
        let after = &rest[start + 2..];
        if let Some(escaped) = after.strip_prefix('!') {
            // `${!Text}`: the `!` is dropped and the rest is plain text.
            segments.push(Segment::Literal("${"));
            rest = escaped;
            continue;
        }
        match after.find('}') {
            Some(end) => {
                segments.push(Segment::Variable(&after[..end]));
                rest = &after[end + 1..];
            }
            None => {
                // An unclosed placeholder is not one: the text stays as written.
                segments.push(Segment::Literal(&rest[start..]));
                rest = "";
            }
        }
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_and_placeholders() {
        assert_eq!(
            segments("arn:${AWS::Partition}:iam::${Role.Arn}"),
            vec![
                Segment::Literal("arn:"),
                Segment::Variable("AWS::Partition"),
                Segment::Literal(":iam::"),
                Segment::Variable("Role.Arn"),
            ]
        );
    }

    #[test]
    fn escaped_placeholders_are_literal() {
        assert_eq!(
            segments("a${!Literal}b"),
            vec![
                Segment::Literal("a"),
                Segment::Literal("${"),
                Segment::Literal("Literal}b"),
            ]
        );
    }

    #[test]
    fn unclosed_placeholder_is_text() {
        assert_eq!(
            segments("x${open"),
            vec![Segment::Literal("x"), Segment::Literal("${open")]
        );
        assert!(segments("").is_empty());
    }
}
