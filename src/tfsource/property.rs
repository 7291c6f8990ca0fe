//! The attribute or nested block of a `.tf` resource block that a plan finding is about.
//!
//! A finding in a plan points at a value of the resource (`"policy_arn": "arn:…"`, the
//! second `statement` of a policy document). Its path in the plan's values (`policy_arn`,
//! `statement[1]`) names the same attribute or block in the configuration, where the
//! user edits it: attributes by name, nested blocks by name and by their order among
//! blocks of that name.

use std::ops::Range;

use hcl_edit::Span as _;
use hcl_edit::structure::{Body, Structure};

use crate::load::{Value, ValueKind};
use crate::source::Span;

/// An attribute or nested block of a block body, with its place in the `.tf` text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// The attribute's key or the block's type (`policy_arn`, `statement`).
    pub name: String,
    /// From the key to the end of the value, or from the block's type to its `}`.
    pub range: Range<usize>,
    /// A nested block's own attributes and blocks (none for an attribute).
    pub nested: Vec<Property>,
    /// Whether it is an attribute (not a block).
    pub attribute: bool,
}

/// How deep nested blocks are followed (resource schemas nest a few levels).
const MAX_BLOCK_DEPTH: usize = 8;

/// The attributes and nested blocks of `body`, in order.
pub fn properties(body: &Body) -> Vec<Property> {
    properties_within(body, 0)
}

fn properties_within(body: &Body, depth: usize) -> Vec<Property> {
    body.iter()
        .filter_map(|structure| match structure {
            Structure::Attribute(attribute) => Some(Property {
                name: attribute.key.as_str().to_owned(),
                range: attribute.span()?,
                nested: Vec::new(),
                attribute: true,
            }),
            Structure::Block(block) => Some(Property {
                name: block.ident.as_str().to_owned(),
                range: block.span()?,
                nested: if depth < MAX_BLOCK_DEPTH {
                    properties_within(&block.body, depth + 1)
                } else {
                    Vec::new()
                },
                attribute: false,
            }),
        })
        .collect()
}

/// One step of a path into a resource's values: a key, and the list index under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The attribute or block name.
    pub key: String,
    /// Which item of the list under the key (blocks are lists in the plan).
    pub index: Option<usize>,
}

/// The path in `values` (a resource's properties) to the innermost value written at
/// `target`. Only values with a place of their own count: one that Terraform marks as
/// known after apply takes its parent's place and says nothing more precise.
pub fn path_to(values: &Value, target: Span) -> Vec<Step> {
    let mut path = Vec::new();
    let mut current = values;
    let within = |inner: &Value, outer: &Value| {
        inner.span != outer.span && inner.span.start <= target.start && target.end <= inner.span.end
    };
    while let ValueKind::Map(fields) = &current.kind {
        let Some(field) = fields.iter().find(|field| within(&field.value, current)) else {
            break;
        };
        let mut step = Step {
            key: field.key.to_string(),
            index: None,
        };
        current = &field.value;
        if let ValueKind::List(items) = &current.kind
            && let Some((index, item)) = items
                .iter()
                .enumerate()
                .find(|(_, item)| within(item, current))
        {
            step.index = Some(index);
            current = item;
        }
        path.push(step);
    }
    path
}

/// Where `path` leads in a block's `properties`: the attribute it names, or the nested
/// block; as far as the configuration has it (a `dynamic` block, a value from a module
/// variable), `None` when not even its first step is there.
pub fn locate(properties: &[Property], path: &[Step]) -> Option<Range<usize>> {
    let (step, rest) = path.split_first()?;
    if let Some(attribute) = properties
        .iter()
        .find(|property| property.attribute && property.name == step.key)
    {
        return Some(attribute.range.clone());
    }
    let block = properties
        .iter()
        .filter(|property| !property.attribute && property.name == step.key)
        .nth(step.index.unwrap_or(0))?;
    Some(locate(&block.nested, rest).unwrap_or_else(|| block.range.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "resource \"aws_iam_user_policy_attachment\" \"oncall\" {\n  user       = aws_iam_user.oncall.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}\n\ndata \"aws_iam_policy_document\" \"p\" {\n  statement {\n    sid = \"A\"\n  }\n  statement {\n    sid     = \"B\"\n    actions = [\"support:*\"]\n  }\n}\n";

    fn blocks() -> Vec<Vec<Property>> {
        let body = hcl_edit::parser::parse_body(BLOCK).unwrap();
        body.iter()
            .filter_map(|structure| match structure {
                Structure::Block(block) => Some(properties(&block.body)),
                Structure::Attribute(_) => None,
            })
            .collect()
    }

    fn step(key: &str, index: Option<usize>) -> Step {
        Step {
            key: key.to_owned(),
            index,
        }
    }

    #[test]
    fn attributes_and_nested_blocks_are_found_by_path() {
        let blocks = blocks();
        let at = |range: Option<Range<usize>>| &BLOCK[range.unwrap()];
        assert_eq!(
            at(locate(&blocks[0], &[step("policy_arn", None)])),
            "policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\""
        );
        assert_eq!(
            at(locate(
                &blocks[1],
                &[step("statement", Some(1)), step("actions", None)]
            )),
            "actions = [\"support:*\"]"
        );
        // The block itself when the rest of the path is not written in it.
        assert!(
            at(locate(
                &blocks[1],
                &[step("statement", Some(0)), step("actions", None)]
            ))
            .starts_with("statement {\n    sid = \"A\"")
        );
        assert_eq!(locate(&blocks[1], &[step("statement", Some(2))]), None);
        assert_eq!(locate(&blocks[0], &[step("role", None)]), None);
        assert_eq!(locate(&blocks[0], &[]), None);
    }

    #[test]
    fn the_path_of_a_value_ignores_parts_placed_at_their_parent() {
        let text =
            r#"{"policy_arn": "arn", "statement": [{"sid": "A"}, {"sid": "B", "actions": ["x"]}]}"#;
        let span = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let whole = Span::new(0, text.len());
        let leaf = |needle: &str| Value::new(span(needle), ValueKind::Str("x".into()));
        let field = |key: &str, value: Value| crate::load::value::Field {
            key: key.into(),
            key_span: value.span,
            value,
        };
        let second = Value::new(
            span(r#"{"sid": "B", "actions": ["x"]}"#),
            ValueKind::Map(vec![
                field("sid", leaf(r#""B""#)),
                field(
                    "actions",
                    Value::new(span(r#"["x"]"#), ValueKind::List(vec![leaf(r#""x""#)])),
                ),
            ]),
        );
        let values = Value::new(
            whole,
            ValueKind::Map(vec![
                // Known after apply: placed at the whole object.
                field("arn", Value::new(whole, ValueKind::Null)),
                field("policy_arn", leaf(r#""arn""#)),
                field(
                    "statement",
                    Value::new(
                        span(r#"[{"sid": "A"}, {"sid": "B", "actions": ["x"]}]"#),
                        ValueKind::List(vec![leaf(r#"{"sid": "A"}"#), second]),
                    ),
                ),
            ]),
        );
        assert_eq!(
            path_to(&values, span(r#""arn""#)),
            [step("policy_arn", None)]
        );
        assert_eq!(
            path_to(&values, span(r#"["x"]"#)),
            [step("statement", Some(1)), step("actions", None)]
        );
        assert_eq!(path_to(&values, whole), []);
    }
}
