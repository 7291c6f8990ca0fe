//! `Fn::FindInMap`: a lookup in the template's `Mappings`. A key known only at deploy time
//! (`AWS::Region`, a parameter without default) makes the result one of the values the
//! mapping holds for every key it could be.

use super::intrinsics::{Evaluator, one_of, unknown};
use crate::document::Node;
use crate::load::{Value, ValueKind};
use crate::source::Span;

/// Which keys of a mapping level a lookup may use.
enum KeyChoice {
    /// These keys (one, or the choices of a `Fn::If` or `AllowedValues`).
    Known(Vec<Box<str>>),
    /// Any key: the key is known only at deploy time.
    Any,
}

impl Evaluator<'_, '_> {
    /// Evaluates `Fn::FindInMap` with `argument` as its argument.
    pub(super) fn find_in_map(&mut self, argument: &Node, span: Span, depth: usize) -> Value {
        let (map_name, top_key, second_key, default) = match argument.as_seq() {
            Some([map_name, top_key, second_key]) => (map_name, top_key, second_key, None),
            // AWS::LanguageExtensions adds a fourth argument: `{DefaultValue: value}`.
            Some([map_name, top_key, second_key, options]) => {
                (map_name, top_key, second_key, options.get("DefaultValue"))
            }
            _ => return self.malformed(span, "Fn::FindInMap", "[map, top key, second key]"),
        };
        let map_name = self.evaluate(map_name, depth + 1);
        let Some(map_name) = map_name.as_str() else {
            return unknown(span, "Fn::FindInMap on a mapping chosen at deploy time");
        };
        let Some(mapping) = self
            .template
            .mappings
            .and_then(|mappings| mappings.get(map_name))
        else {
            return self.missing(
                span,
                default,
                depth,
                format!("there is no mapping `{map_name}`"),
            );
        };
        let top_choice = self.key_choice(top_key, depth);
        let second_choice = self.key_choice(second_key, depth);
        let mut candidates = Vec::new();
        for top in matching_entries(mapping, &top_choice) {
            for second in matching_entries(&top.value, &second_choice) {
                candidates.push(self.evaluate(&second.value, depth + 1));
            }
        }
        if candidates.is_empty() {
            let message = format!("mapping `{map_name}` has no value for these keys");
            return self.missing(span, default, depth, message);
        }
        let exact = matches!((&top_choice, &second_choice), (KeyChoice::Known(a), KeyChoice::Known(b)) if a.len() == 1 && b.len() == 1);
        if exact {
            let value = candidates.remove(0);
            return Value::new(span, value.kind);
        }
        one_of(candidates, span)
    }

    fn key_choice(&mut self, key: &Node, depth: usize) -> KeyChoice {
        let key = self.evaluate(key, depth + 1);
        let texts = match &key.kind {
            ValueKind::OneOf(choices) => choices.iter().map(scalar_text).collect(),
            _ => scalar_text(&key).map(|text| vec![text]),
        };
        texts.map_or(KeyChoice::Any, KeyChoice::Known)
    }

    /// The `DefaultValue` when given, else a warning and an unknown.
    fn missing(
        &mut self,
        span: Span,
        default: Option<&Node>,
        depth: usize,
        message: String,
    ) -> Value {
        if let Some(default) = default {
            let value = self.evaluate(default, depth + 1);
            return Value::new(span, value.kind);
        }
        self.warn(
            "cfn-mapping-key-missing",
            span,
            format!("Fn::FindInMap: {message}"),
        );
        unknown(span, message)
    }
}

fn scalar_text(value: &Value) -> Option<Box<str>> {
    match &value.kind {
        ValueKind::Str(text) | ValueKind::Number(text) => Some(text.clone()),
        ValueKind::Bool(flag) => Some(flag.to_string().into()),
        _ => None,
    }
}

fn matching_entries<'n>(
    level: &'n Node,
    choice: &KeyChoice,
) -> impl Iterator<Item = &'n crate::document::Entry> {
    level
        .as_map()
        .unwrap_or_default()
        .iter()
        .filter(move |entry| match choice {
            KeyChoice::Known(keys) => keys.contains(&entry.key),
            KeyChoice::Any => true,
        })
}
