//! Builders for the functions' unit tests: argument values, a host with files, and
//! results with their spans cleared so that they compare by content.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use super::{Host, call};
use crate::load::{Field, Reference, TextPart, Unknown, Value, ValueKind};
use crate::source::Span;

/// Where test arguments are written.
pub const ARG: Span = Span { start: 0, end: 0 };

/// Where test calls are written.
pub const CALL: Span = Span {
    start: 100,
    end: 120,
};

/// A host with a few module files; templates render as their text with `${name}`
/// replaced by the variable's string.
#[derive(Default)]
pub struct Files(pub BTreeMap<&'static str, &'static str>);

impl Host for Files {
    fn read_file(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .map(|text| text.to_string())
            .ok_or_else(|| format!("no file `{path}` in the module"))
    }

    fn render_template(&self, _path: &str, text: &str, variables: &Value, span: Span) -> Value {
        let mut rendered = text.to_string();
        for field in variables.as_map().unwrap_or_default() {
            if let Some(value) = field.value.as_str() {
                rendered = rendered.replace(&format!("${{{}}}", field.key), value);
            }
        }
        Value::new(span, ValueKind::Str(rendered.into()))
    }
}

/// The result of `name(args)` with every span cleared.
pub fn run(name: &str, args: Vec<Value>) -> Value {
    cleared(&run_at(name, args))
}

/// The result of `name(args)` as the library places it (at [`CALL`]).
pub fn run_at(name: &str, args: Vec<Value>) -> Value {
    call(name, args, CALL, &Files::default())
}

/// `value` with every span at [`ARG`].
pub fn cleared(value: &Value) -> Value {
    value.placed_at(ARG)
}

/// A string.
pub fn text_value(text: &str) -> Value {
    Value::new(ARG, ValueKind::Str(text.into()))
}

/// A number as written.
pub fn num(text: &str) -> Value {
    Value::new(ARG, ValueKind::Number(text.into()))
}

/// A bool.
pub fn boolean(value: bool) -> Value {
    Value::new(ARG, ValueKind::Bool(value))
}

/// A null.
pub fn null() -> Value {
    Value::new(ARG, ValueKind::Null)
}

/// A list.
pub fn list(items: Vec<Value>) -> Value {
    Value::new(ARG, ValueKind::List(items))
}

/// A list of strings.
pub fn strings(items: &[&str]) -> Value {
    list(items.iter().map(|item| text_value(item)).collect())
}

/// A map with `fields` in the given order.
pub fn map(fields: Vec<(&str, Value)>) -> Value {
    Value::new(
        ARG,
        ValueKind::Map(
            fields
                .into_iter()
                .map(|(key, value)| Field {
                    key: key.into(),
                    key_span: ARG,
                    value,
                })
                .collect(),
        ),
    )
}

/// A reference to `attribute` of resource `address`.
pub fn reference(address: &str, attribute: &str) -> Value {
    Value::new(
        ARG,
        ValueKind::Reference(Box::new(Reference::local(address, Some(attribute.into())))),
    )
}

/// The reference part of a template.
pub fn reference_part(address: &str, attribute: &str) -> TextPart {
    TextPart::Reference(Reference::local(address, Some(attribute.into())))
}

/// A value unknown for `why`.
pub fn unknown(why: &str) -> Value {
    Value::new(ARG, ValueKind::Unknown(Box::new(Unknown::new(why))))
}

/// A template of `parts`.
pub fn template(parts: Vec<TextPart>) -> Value {
    Value::new(ARG, ValueKind::Template(parts))
}

/// Literal text of a template.
pub fn literal(text: &str) -> TextPart {
    TextPart::Literal(text.into())
}

/// The reason of an unknown result (panics on a known one).
pub fn reason(value: &Value) -> &str {
    match &value.kind {
        ValueKind::Unknown(unknown) => &unknown.reason,
        other => panic!("expected an unknown, got {other:?}"),
    }
}

/// The reason of a result Terraform rejects, checked to say so.
pub fn error(value: &Value) -> &str {
    let reason = reason(value);
    assert!(
        reason.ends_with("Terraform stops the plan here"),
        "not an error: {reason}"
    );
    reason
}
