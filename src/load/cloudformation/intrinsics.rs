//! Evaluating template values: data is copied, intrinsic functions are computed where the
//! template alone decides their result, and everything else becomes an explicit unknown
//! with a reason. Nothing is guessed.
//!
//! `Fn::Sub` lives in [`super::sub`], `Fn::FindInMap` in [`super::mappings`] and condition
//! decisions in [`super::conditions`]; this module holds the evaluator and the other
//! functions.

use super::template::Template;
use super::text::concatenate;
use crate::document::{Node, NodeValue};
use crate::load::{Field, Pseudo, Reference, TextPart, Unknown, Value, ValueKind};
use crate::problem::Problem;
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// How deep evaluation may recurse (nested values and function calls together) before the
/// rest is given up as unknown.
pub(super) const MAX_DEPTH: usize = 128;

/// Functions whose result the template alone never decides, with the reason shown to users.
const OPAQUE_FUNCTIONS: &[(&str, &str)] = &[
    ("Fn::Base64", "Base64-encoded text (Fn::Base64)"),
    ("Fn::GetAZs", "the region's availability zones (Fn::GetAZs)"),
    (
        "Fn::Cidr",
        "address blocks computed at deploy time (Fn::Cidr)",
    ),
    (
        "Fn::Transform",
        "produced by a macro at deploy time (Fn::Transform)",
    ),
    (
        "Fn::GetStackOutput",
        "read from another stack's outputs (Fn::GetStackOutput)",
    ),
    (
        "Fn::ToJsonString",
        "JSON text of a value (Fn::ToJsonString)",
    ),
    ("Fn::Length", "the length of a list (Fn::Length)"),
];

/// Where a condition decision stands, so that a condition that refers to itself ends.
#[derive(Clone, Copy, Debug)]
pub(super) enum Decision {
    /// Being decided: meeting it again means a cycle.
    InProgress,
    /// `Some(outcome)` when the template alone decides it.
    Done(Option<bool>),
}

/// Evaluates values of one template.
pub(super) struct Evaluator<'t, 'a> {
    pub(super) template: &'t Template<'a>,
    file: FileId,
    /// Warnings found while evaluating.
    pub(super) problems: Vec<Problem>,
    /// Conditions decided so far.
    pub(super) decisions: HashMap<Box<str>, Decision>,
    /// True while evaluating a condition's operands: parameters are not constants there.
    pub(super) in_condition: bool,
}

impl<'t, 'a> Evaluator<'t, 'a> {
    /// An evaluator for `template` in `file`.
    pub(super) fn new(template: &'t Template<'a>, file: FileId) -> Evaluator<'t, 'a> {
        Evaluator {
            template,
            file,
            problems: Vec::new(),
            decisions: HashMap::new(),
            in_condition: false,
        }
    }

    /// Records a warning at `span`.
    pub(super) fn warn(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.problems
            .push(Problem::warning(code, self.file, span, message));
    }

    /// Evaluates `node`; `depth` counts the levels of evaluation above it.
    pub(super) fn evaluate(&mut self, node: &Node, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return unknown(node.span, "nested too deeply to evaluate");
        }
        let kind = match &node.value {
            NodeValue::Null => ValueKind::Null,
            NodeValue::Bool(value) => ValueKind::Bool(*value),
            NodeValue::Number(text) => ValueKind::Number(text.clone()),
            NodeValue::String(text) => string_kind(text),
            NodeValue::Seq(items) => ValueKind::List(
                items
                    .iter()
                    .map(|item| self.evaluate(item, depth + 1))
                    .filter(|item| item.kind != ValueKind::Absent)
                    .collect(),
            ),
            NodeValue::Map(entries) => match entries.as_slice() {
                [entry] if is_function_name(&entry.key) => {
                    return self.call(&entry.key, &entry.value, node.span, depth + 1);
                }
                _ => ValueKind::Map(
                    entries
                        .iter()
                        .map(|entry| Field {
                            key: entry.key.clone(),
                            key_span: entry.key_span,
                            value: self.evaluate(&entry.value, depth + 1),
                        })
                        .filter(|field| field.value.kind != ValueKind::Absent)
                        .collect(),
                ),
            },
        };
        Value::new(node.span, kind)
    }

    fn call(&mut self, name: &str, argument: &Node, span: Span, depth: usize) -> Value {
        match name {
            "Ref" => match argument.as_str() {
                Some(target) => self.resolve_name(target, span),
                None => self.malformed(span, "Ref", "a name"),
            },
            "Fn::GetAtt" => self.get_att(argument, span, depth),
            "Fn::Sub" => self.sub(argument, span, depth),
            "Fn::Join" => self.join(argument, span, depth),
            "Fn::Select" => self.select(argument, span, depth),
            "Fn::Split" => self.split(argument, span, depth),
            "Fn::FindInMap" => self.find_in_map(argument, span, depth),
            "Fn::If" => self.if_(argument, span, depth),
            "Fn::ImportValue" => self.import_value(argument, span, depth),
            _ => match OPAQUE_FUNCTIONS.iter().find(|(opaque, _)| *opaque == name) {
                Some((_, reason)) => unknown(span, *reason),
                None => unknown(span, format!("`{name}` is not evaluated")),
            },
        }
    }

    /// What `Ref: name` (or `${name}` in `Fn::Sub`) stands for.
    pub(super) fn resolve_name(&mut self, name: &str, span: Span) -> Value {
        if name == "AWS::NoValue" {
            return Value::new(span, ValueKind::Absent);
        }
        if let Some(pseudo) = Pseudo::from_name(name) {
            return Value::new(span, ValueKind::Template(vec![TextPart::Pseudo(pseudo)]));
        }
        if let Some(parameter) = self.template.parameters.get(name) {
            if self.in_condition {
                return unknown(
                    span,
                    format!("depends on parameter `{name}`, which the stack may set"),
                );
            }
            return parameter.value(span);
        }
        if self.template.logical_ids.contains(name) {
            let reference = Reference {
                address: name.into(),
                attribute: None,
                file: None,
            };
            return Value::new(span, ValueKind::Reference(Box::new(reference)));
        }
        self.undeclared(name, span)
    }

    fn undeclared(&mut self, name: &str, span: Span) -> Value {
        if self.template.is_sam {
            // SAM generates resources (APIs, stages, aliases) that templates refer to.
            return unknown(
                span,
                format!("`{name}` is not declared in the template (SAM may generate it)"),
            );
        }
        self.warn(
            "cfn-unresolved-reference",
            span,
            format!("`{name}` is not a parameter, pseudo parameter or resource of this template"),
        );
        unknown(span, format!("`{name}` is not declared in the template"))
    }

    /// `Fn::GetAtt` (also `${Resource.Attribute}` in `Fn::Sub`).
    fn get_att(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let (resource, attribute) = match (&argument.value, argument.as_seq()) {
            // JSON templates may write the short form's string in the long form.
            (NodeValue::String(text), _) => match text.split_once('.') {
                Some((resource, attribute)) => (resource, Ok(attribute)),
                None => return self.malformed(span, "Fn::GetAtt", "`Resource.Attribute`"),
            },
            (_, Some([resource, attribute])) => match resource.as_str() {
                Some(resource) => (resource, attribute.as_str().ok_or(attribute)),
                None => return self.malformed(span, "Fn::GetAtt", "a resource name"),
            },
            _ => return self.malformed(span, "Fn::GetAtt", "[resource, attribute]"),
        };
        match attribute {
            Ok(attribute) => self.attribute_of(resource, attribute, span),
            Err(computed) => {
                // With AWS::LanguageExtensions the attribute may be computed (`Ref`): the
                // result depends on a value the stack may set.
                let _ = self.evaluate(computed, depth + 1);
                unknown(
                    span,
                    format!("an attribute of `{resource}` chosen at deploy time"),
                )
            }
        }
    }

    /// The reference `resource.attribute`, when the resource exists.
    pub(super) fn attribute_of(&mut self, resource: &str, attribute: &str, span: Span) -> Value {
        if !self.template.logical_ids.contains(resource) {
            return self.undeclared(resource, span);
        }
        let reference = Reference {
            address: resource.into(),
            attribute: Some(attribute.into()),
            file: None,
        };
        Value::new(span, ValueKind::Reference(Box::new(reference)))
    }

    fn join(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let Some([delimiter, list]) = argument.as_seq() else {
            return self.malformed(span, "Fn::Join", "[delimiter, list]");
        };
        let delimiter = self.evaluate(delimiter, depth + 1);
        let ValueKind::Str(delimiter) = delimiter.kind else {
            return self.malformed(span, "Fn::Join", "a literal delimiter");
        };
        let list = self.evaluate(list, depth + 1);
        self.join_list(&delimiter, list, span)
    }

    fn join_list(&mut self, delimiter: &str, list: Value, span: Span) -> Value {
        match list.kind {
            ValueKind::List(items) => {
                let separator = Value::new(span, ValueKind::Str(delimiter.into()));
                let mut pieces = Vec::with_capacity(items.len() * 2);
                for (index, item) in items.into_iter().enumerate() {
                    if index > 0 {
                        pieces.push(separator.clone());
                    }
                    pieces.push(item);
                }
                concatenate(&pieces, span)
            }
            ValueKind::OneOf(lists) => {
                let joined = lists
                    .into_iter()
                    .map(|list| self.join_list(delimiter, list, span))
                    .collect();
                one_of(joined, span)
            }
            ValueKind::Unknown(unknown) => Value::new(span, ValueKind::Unknown(unknown)),
            _ => unknown(span, "Fn::Join of a list known only at deploy time"),
        }
    }

    fn select(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let Some([index, list]) = argument.as_seq() else {
            return self.malformed(span, "Fn::Select", "[index, list]");
        };
        let index = self.evaluate(index, depth + 1);
        let list = self.evaluate(list, depth + 1);
        let index = match &index.kind {
            ValueKind::Str(text) | ValueKind::Number(text) => text.trim().parse::<usize>().ok(),
            _ => return unknown(span, "Fn::Select with an index known only at deploy time"),
        };
        let Some(index) = index else {
            return self.malformed(span, "Fn::Select", "a whole number index");
        };
        match list.kind {
            ValueKind::List(items) => match items.into_iter().nth(index) {
                Some(item) => Value::new(span, item.kind),
                None => {
                    self.warn(
                        "cfn-bad-intrinsic",
                        span,
                        format!("Fn::Select index {index} is past the end of the list"),
                    );
                    unknown(span, "Fn::Select index past the end of the list")
                }
            },
            ValueKind::Unknown(unknown) => Value::new(span, ValueKind::Unknown(unknown)),
            _ => unknown(span, "Fn::Select from a list known only at deploy time"),
        }
    }

    fn split(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let Some([delimiter, source]) = argument.as_seq() else {
            return self.malformed(span, "Fn::Split", "[delimiter, string]");
        };
        let delimiter = self.evaluate(delimiter, depth + 1);
        let source = self.evaluate(source, depth + 1);
        match (&delimiter.kind, &source.kind) {
            (ValueKind::Str(delimiter), ValueKind::Str(text)) if !delimiter.is_empty() => {
                let items = text
                    .split(&**delimiter)
                    .map(|item| Value::new(span, ValueKind::Str(item.into())))
                    .collect();
                Value::new(span, ValueKind::List(items))
            }
            (ValueKind::Str(delimiter), _) if !delimiter.is_empty() => {
                unknown(span, "Fn::Split of a string known only at deploy time")
            }
            _ => self.malformed(span, "Fn::Split", "a literal, non-empty delimiter"),
        }
    }

    fn if_(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let Some([condition, when_true, when_false]) = argument.as_seq() else {
            return self.malformed(span, "Fn::If", "[condition, value if true, value if false]");
        };
        let Some(name) = condition.as_str() else {
            return self.malformed(span, "Fn::If", "a condition name");
        };
        match self.decide(name, condition.span, depth + 1) {
            Some(true) => self.evaluate(when_true, depth + 1),
            Some(false) => self.evaluate(when_false, depth + 1),
            None => {
                let branches = vec![
                    self.evaluate(when_true, depth + 1),
                    self.evaluate(when_false, depth + 1),
                ];
                one_of(branches, span)
            }
        }
    }

    /// Warns that `function` is written wrongly and gives an unknown in its place.
    pub(super) fn malformed(&mut self, span: Span, function: &str, expected: &str) -> Value {
        self.warn(
            "cfn-bad-intrinsic",
            span,
            format!("{function} expects {expected}"),
        );
        unknown(span, format!("malformed {function}"))
    }
}

/// Whether a one-key mapping with this key is a function call rather than data.
fn is_function_name(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

/// A plain string, unless it holds dynamic references that CloudFormation resolves at
/// deploy time (`{{resolve:ssm:...}}`, `{{resolve:secretsmanager:...}}`): those parts are
/// unknown and the literal text around them is kept.
fn string_kind(text: &str) -> ValueKind {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{resolve:") {
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |end| start + end + 2);
        if start > 0 {
            parts.push(TextPart::Literal(rest[..start].into()));
        }
        parts.push(TextPart::Unknown(Unknown::new(format!(
            "dynamic reference `{}` resolved at deploy time",
            &rest[start..end]
        ))));
        rest = &rest[end..];
    }
    if parts.is_empty() {
        return ValueKind::Str(text.into());
    }
    if !rest.is_empty() {
        parts.push(TextPart::Literal(rest.into()));
    }
    match parts.as_slice() {
        [TextPart::Unknown(unknown)] => ValueKind::Unknown(Box::new(unknown.clone())),
        _ => ValueKind::Template(parts),
    }
}

/// An unknown value at `span`.
pub(super) fn unknown(span: Span, reason: impl Into<Box<str>>) -> Value {
    Value::new(span, ValueKind::Unknown(Box::new(Unknown::new(reason))))
}

/// One of `choices`: nested choices are flattened and equal ones kept once; a single choice
/// is the value itself.
pub(super) fn one_of(choices: Vec<Value>, span: Span) -> Value {
    let mut flat: Vec<Value> = Vec::with_capacity(choices.len());
    for choice in choices {
        let nested = match choice.kind {
            ValueKind::OneOf(nested) => nested,
            kind => vec![Value::new(choice.span, kind)],
        };
        for value in nested {
            if !flat.iter().any(|seen| seen.kind == value.kind) {
                flat.push(value);
            }
        }
    }
    match flat.len() {
        1 => flat.remove(0),
        _ => Value::new(span, ValueKind::OneOf(flat)),
    }
}

#[cfg(test)]
#[path = "intrinsics_tests.rs"]
mod tests;
