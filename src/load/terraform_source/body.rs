//! A resource block's body as the properties a plan would show: each argument's value,
//! each kind of nested block as a list of mappings (`inline_policy`, `statement`,
//! `condition`), `dynamic` blocks expanded, meta-arguments left out.

use hcl_edit::structure::{Block, Body, Structure};

use super::eval::{Evaluator, iterate, not_known, span_of};
use super::module::attribute;
use crate::load::{Field, Value, ValueKind};
use crate::source::Span;

/// Arguments and blocks of a resource block that are Terraform's, not the resource's.
const META: [&str; 7] = [
    "count",
    "for_each",
    "provider",
    "depends_on",
    "lifecycle",
    "provisioner",
    "connection",
];

/// The properties of a resource body, at `span`.
pub fn properties(evaluator: &Evaluator<'_>, body: &Body, span: Span) -> Value {
    mapping(evaluator, body, span, true)
}

fn mapping(evaluator: &Evaluator<'_>, body: &Body, span: Span, top: bool) -> Value {
    let mut fields: Vec<Field> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attribute) => {
                let key = attribute.key.as_str();
                if top && META.contains(&key) {
                    continue;
                }
                fields.push(Field {
                    key: key.into(),
                    key_span: span_of(&attribute.key),
                    value: evaluator.eval(&attribute.value),
                });
            }
            Structure::Block(block) => {
                let kind = block.ident.as_str();
                if top && META.contains(&kind) {
                    continue;
                }
                if kind == "dynamic" {
                    dynamic(evaluator, block, &mut fields);
                } else {
                    let item = mapping(evaluator, &block.body, span_of(block), false);
                    push_block(&mut fields, kind, span_of(&block.ident), item);
                }
            }
        }
    }
    Value::new(span, ValueKind::Map(fields))
}

/// Adds one nested block to the list of its kind.
fn push_block(fields: &mut Vec<Field>, kind: &str, key_span: Span, item: Value) {
    match fields.iter_mut().find(|field| &*field.key == kind) {
        Some(Field {
            value:
                Value {
                    kind: ValueKind::List(items),
                    ..
                },
            ..
        }) => items.push(item),
        _ => fields.push(Field {
            key: kind.into(),
            key_span,
            value: Value::new(item.span, ValueKind::List(vec![item])),
        }),
    }
}

/// `dynamic "LABEL" { for_each = …; iterator = NAME; content { … } }`: one `LABEL` block per
/// item, with `NAME.key` and `NAME.value` (`NAME` defaults to the label).
fn dynamic(evaluator: &Evaluator<'_>, block: &Block, fields: &mut Vec<Field>) {
    let Some(label) = block.labels.first().map(|label| label.as_str().to_owned()) else {
        return;
    };
    let key_span = span_of(block);
    let content = block.body.iter().find_map(|item| match item {
        Structure::Block(inner) if inner.ident.as_str() == "content" => Some(inner),
        _ => None,
    });
    let Some(content) = content else {
        return;
    };
    let iterator = match attribute(&block.body, "iterator") {
        Some(hcl_edit::expr::Expression::Variable(name)) => name.as_str().to_owned(),
        _ => label.clone(),
    };
    let Some(for_each) = attribute(&block.body, "for_each") else {
        return;
    };
    let collection = evaluator.eval(for_each);
    match iterate(&collection) {
        Ok(items) => {
            for (key, value) in items {
                let object = Value::new(
                    Span::default(),
                    ValueKind::Map(vec![
                        Field {
                            key: "key".into(),
                            key_span: key.span,
                            value: key,
                        },
                        Field {
                            key: "value".into(),
                            key_span: value.span,
                            value,
                        },
                    ]),
                );
                let inner = evaluator.with([(iterator.clone(), object)]);
                let item = mapping(&inner, &content.body, span_of(content), false);
                push_block(fields, &label, key_span, item);
            }
        }
        Err(_) => {
            let item = not_known(
                &collection,
                span_of(for_each),
                "the `for_each` of a dynamic block",
            );
            push_block(fields, &label, key_span, item);
        }
    }
}
