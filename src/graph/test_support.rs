//! Hand-built inputs for the graph's tests: loaded resources written as JSON, with a
//! small notation for what JSON cannot say (references, templates, unknowns,
//! conditions), and a distinct span for every value so tests can check which value an
//! edge points at.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::load::{
    Change, Field, InputKind, LoadedInput, Mode, Pseudo, Reference, Resource, TextPart, Unknown,
    Value, ValueKind,
};
use crate::source::{FileId, Span};

static NEXT_OFFSET: AtomicU32 = AtomicU32::new(1);

fn next_span() -> Span {
    let start = NEXT_OFFSET.fetch_add(2, Ordering::Relaxed);
    Span {
        start,
        end: start + 1,
    }
}

/// A loaded value from JSON. Objects with one of these keys are special:
/// `{"$ref": "address", "attr": "name"}` (attr optional) a reference,
/// `{"$unknown": "reason"}`, `{"$oneOf": [..]}`, `{"$absent": true}`, and
/// `{"$template": ["text", {"$pseudo": "AWS::Partition"}, {"$ref": ..}, {"$unknown": ..}]}`.
pub fn value(json: serde_json::Value) -> Value {
    let span = next_span();
    let kind = match json {
        serde_json::Value::Null => ValueKind::Null,
        serde_json::Value::Bool(flag) => ValueKind::Bool(flag),
        serde_json::Value::Number(number) => ValueKind::Number(number.to_string().into()),
        serde_json::Value::String(text) => ValueKind::Str(text.into()),
        serde_json::Value::Array(items) => ValueKind::List(items.into_iter().map(value).collect()),
        serde_json::Value::Object(map) => {
            if let Some(reference) = reference(&map) {
                ValueKind::Reference(Box::new(reference))
            } else if let Some(reason) = map.get("$unknown") {
                ValueKind::Unknown(Box::new(Unknown::new(reason.as_str().unwrap())))
            } else if let Some(branches) = map.get("$oneOf") {
                ValueKind::OneOf(
                    branches
                        .as_array()
                        .unwrap()
                        .iter()
                        .cloned()
                        .map(value)
                        .collect(),
                )
            } else if map.contains_key("$absent") {
                ValueKind::Absent
            } else if let Some(parts) = map.get("$template") {
                ValueKind::Template(parts.as_array().unwrap().iter().map(part).collect())
            } else {
                ValueKind::Map(
                    map.into_iter()
                        .map(|(key, item)| Field {
                            key: key.into(),
                            key_span: next_span(),
                            value: value(item),
                        })
                        .collect(),
                )
            }
        }
    };
    Value::new(span, kind)
}

fn reference(map: &serde_json::Map<String, serde_json::Value>) -> Option<Reference> {
    Some(Reference {
        address: map.get("$ref")?.as_str()?.into(),
        attribute: map.get("attr").and_then(|a| a.as_str()).map(Into::into),
        file: None,
    })
}

fn part(json: &serde_json::Value) -> TextPart {
    match json {
        serde_json::Value::String(text) => TextPart::Literal(text.as_str().into()),
        serde_json::Value::Object(map) => {
            if let Some(name) = map.get("$pseudo") {
                TextPart::Pseudo(Pseudo::from_name(name.as_str().unwrap()).unwrap())
            } else if let Some(reference) = reference(map) {
                TextPart::Reference(reference)
            } else {
                TextPart::Unknown(Unknown::new(map["$unknown"].as_str().unwrap()))
            }
        }
        other => panic!("not a template part: {other}"),
    }
}

/// A managed resource declared as it is (template, state).
pub fn resource(resource_type: &str, address: &str, properties: serde_json::Value) -> Resource {
    Resource {
        address: address.into(),
        resource_type: resource_type.into(),
        mode: Mode::Managed,
        span: next_span(),
        properties: value(properties),
        change: Change::Declared,
        condition: None,
        cdk_path: None,
        suppressions: Vec::new(),
    }
}

/// A Terraform data source.
pub fn data(resource_type: &str, address: &str, properties: serde_json::Value) -> Resource {
    Resource {
        mode: Mode::Data,
        change: Change::Read,
        ..resource(resource_type, address, properties)
    }
}

/// The same resource with a plan change.
pub fn changed(resource: Resource, change: Change) -> Resource {
    Resource { change, ..resource }
}

/// The same resource under a CloudFormation condition.
pub fn conditional(resource: Resource, condition: &str) -> Resource {
    Resource {
        condition: Some(condition.into()),
        ..resource
    }
}

/// An input of `kind` holding `resources`.
pub fn input(file: u32, kind: InputKind, resources: Vec<Resource>) -> LoadedInput {
    LoadedInput {
        file: FileId(file),
        kind,
        resources,
        problems: Vec::new(),
        stack: None,
    }
}
