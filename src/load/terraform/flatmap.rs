//! Terraform's flatmap: the attribute encoding of raw v3 state (`primary.attributes`) and
//! of v4 instances that an old provider never upgraded (`attributes_flat`), decoded into
//! the nested values that `attributes` holds today.
//!
//! Every value is a string keyed by a dotted path: `name`, `tags.%` (a map's size) with
//! `tags.Team`, `managed_policy_arns.#` (a list or set's size) with `managed_policy_arns.0`
//! or, for sets, `managed_policy_arns.2345678` (the element's hash), and nested blocks as
//! `inline_policy.0.name`. The decoding follows the provider SDK's layout rather than
//! Terraform 0.11's schema-less `flatmap.Expand`: attribute names never hold a dot, map
//! elements are always strings (so `tags.kubernetes.io/role` is one key of `tags`, not a
//! map in a map), and list elements are ordered by their number, as Terraform orders
//! set hashes. Sizes are hints, as they are for Terraform, except that a size of `0` means
//! empty; the unknown-value marker Terraform writes for values not yet computed stays
//! unknown. Every value keeps its own span in the file.
//!
//! Work is bounded: each key is visited once per level, and nesting deeper than
//! [`MAX_DEPTH`] levels (no provider schema comes near it) is a positioned error.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::json::{parse, span_of};
use crate::load::value::{Field, Unknown, Value, ValueKind};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile, Span};

/// How deep blocks may nest; real schemas stay under ten levels.
const MAX_DEPTH: usize = 32;

/// The value Terraform writes in a flatmap for a value not known yet
/// (`hcl2shim.UnknownVariableValue`).
const UNKNOWN_MARKER: &str = "74D93920-ED26-11E3-AC10-0800200C9A66";

/// One flatmap entry: its value and where the value is written.
struct Leaf {
    text: String,
    span: Span,
}

/// A flatmap entry as seen from one node: `None` when the entry is the node itself,
/// otherwise the rest of its key after the node's own path and dot.
#[derive(Clone, Copy)]
struct Item<'a> {
    rest: Option<&'a str>,
    leaf: &'a Leaf,
}

/// Decodes the flatmap object `raw` (`{"name": "x", "tags.%": "1", ...}`) into a mapping.
/// `span` is the resource's, for an empty flatmap.
pub(super) fn decode(
    file: &SourceFile,
    id: FileId,
    raw: &RawValue,
    span: Span,
) -> Result<Value, Problem> {
    let entries: BTreeMap<String, &RawValue> = parse(
        file,
        id,
        raw.get(),
        "invalid-state",
        "reading flat attributes",
    )?;
    let mut leaves = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let value_span = span_of(file, value);
        let Ok(text) = serde_json::from_str::<String>(value.get()) else {
            return Err(Problem::error(
                "invalid-state",
                id,
                value_span,
                format!(
                    "flat attribute `{key}` must be a string, found {}",
                    value.get()
                ),
            ));
        };
        leaves.push((
            key,
            Leaf {
                text,
                span: value_span,
            },
        ));
    }
    let items: Vec<Item> = leaves
        .iter()
        .map(|(key, leaf)| Item {
            rest: Some(key),
            leaf,
        })
        .collect();
    Decoder { id }.object(&items, 0, span)
}

struct Decoder {
    id: FileId,
}

impl Decoder {
    /// A node: the entry itself when there is one (a string), else a list (`#`), a map
    /// (`%`) or a nested object, in the order Terraform checks them.
    fn node(&self, items: &[Item], depth: usize) -> Result<Value, Problem> {
        let first = items[0].leaf.span;
        if depth > MAX_DEPTH {
            return Err(Problem::error(
                "invalid-state",
                self.id,
                first,
                format!("flat attributes nest more than {MAX_DEPTH} levels deep"),
            ));
        }
        if let Some(item) = items.iter().find(|item| item.rest.is_none()) {
            return Ok(string(item.leaf));
        }
        let marker = |mark: &str| {
            items
                .iter()
                .find(|item| item.rest == Some(mark))
                .map(|item| item.leaf)
        };
        if let Some(count) = marker("#") {
            return self.list(items, count, depth);
        }
        if let Some(count) = marker("%") {
            return self.map(items, count);
        }
        self.object(items, depth, first)
    }

    /// An object: attribute names run to the first dot.
    fn object(&self, items: &[Item], depth: usize, span: Span) -> Result<Value, Problem> {
        let mut children: BTreeMap<&str, Vec<Item>> = BTreeMap::new();
        for item in items {
            let Some(rest) = item.rest else { continue };
            let (name, tail) = match rest.split_once('.') {
                Some((name, tail)) => (name, Some(tail)),
                None => (rest, None),
            };
            children.entry(name).or_default().push(Item {
                rest: tail,
                leaf: item.leaf,
            });
        }
        let mut fields = Vec::with_capacity(children.len());
        for (name, group) in children {
            let value = self.node(&group, depth + 1)?;
            fields.push(Field {
                key: name.into(),
                key_span: value.span,
                value,
            });
        }
        Ok(Value::new(span, ValueKind::Map(fields)))
    }

    /// A list or set: elements keyed by their number (`~` marks one computed in a plan).
    fn list(&self, items: &[Item], count: &Leaf, depth: usize) -> Result<Value, Problem> {
        if let Some(unknown) = size_unknown_or_zero(self.id, count, "#", ValueKind::List)? {
            return Ok(unknown);
        }
        let mut elements: BTreeMap<u64, Vec<Item>> = BTreeMap::new();
        for item in items {
            let Some(rest) = item.rest.filter(|rest| *rest != "#") else {
                continue;
            };
            let (index, tail) = match rest.split_once('.') {
                Some((index, tail)) => (index, Some(tail)),
                None => (rest, None),
            };
            let digits = index.strip_prefix('~').unwrap_or(index);
            let Ok(number) = digits.parse::<u64>() else {
                return Err(Problem::error(
                    "invalid-state",
                    self.id,
                    item.leaf.span,
                    format!(
                        "flat attribute list element `{index}` is not a number (a list's elements are numbered `0`, `1`, ... or by set hash)"
                    ),
                ));
            };
            elements.entry(number).or_default().push(Item {
                rest: tail,
                leaf: item.leaf,
            });
        }
        let mut values = Vec::with_capacity(elements.len());
        for group in elements.values() {
            values.push(self.node(group, depth + 1)?);
        }
        Ok(Value::new(count.span, ValueKind::List(values)))
    }

    /// A map of strings: everything after the map's dot is one key.
    fn map(&self, items: &[Item], count: &Leaf) -> Result<Value, Problem> {
        if let Some(unknown) = size_unknown_or_zero(self.id, count, "%", ValueKind::Map)? {
            return Ok(unknown);
        }
        let fields = items
            .iter()
            .filter_map(|item| {
                let key = item.rest.filter(|rest| *rest != "%")?;
                Some(Field {
                    key: key.into(),
                    key_span: item.leaf.span,
                    value: string(item.leaf),
                })
            })
            .collect();
        Ok(Value::new(count.span, ValueKind::Map(fields)))
    }
}

/// The value a size alone decides: unknown for the unknown marker, empty for `0`; `None`
/// when the elements decide. A size that is no number is an error at it.
fn size_unknown_or_zero<T>(
    id: FileId,
    count: &Leaf,
    mark: &str,
    empty: fn(Vec<T>) -> ValueKind,
) -> Result<Option<Value>, Problem> {
    if count.text == UNKNOWN_MARKER {
        return Ok(Some(unknown(count.span)));
    }
    match count.text.parse::<u64>() {
        Ok(0) => Ok(Some(Value::new(count.span, empty(Vec::new())))),
        Ok(_) => Ok(None),
        Err(_) => Err(Problem::error(
            "invalid-state",
            id,
            count.span,
            format!(
                "flat attribute size `{mark}` must be a whole number, found \"{}\"",
                count.text
            ),
        )),
    }
}

fn string(leaf: &Leaf) -> Value {
    if leaf.text == UNKNOWN_MARKER {
        return unknown(leaf.span);
    }
    Value::new(leaf.span, ValueKind::Str(leaf.text.as_str().into()))
}

fn unknown(span: Span) -> Value {
    Value::new(
        span,
        ValueKind::Unknown(Box::new(Unknown::new("known only after apply"))),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn decoded(text: &str) -> (SourceFile, Result<Value, Problem>) {
        let file = SourceFile::new("s.tfstate", text.to_owned());
        let raw: &RawValue = serde_json::from_str(&file.text).unwrap();
        let value = decode(&file, FileId(0), raw, Span::new(0, 1));
        (file, value)
    }

    /// The value as JSON-like text, for whole-shape assertions.
    fn shape(value: &Value) -> String {
        match &value.kind {
            ValueKind::Str(text) => format!("{text:?}"),
            ValueKind::List(items) => {
                let items: Vec<String> = items.iter().map(shape).collect();
                format!("[{}]", items.join(","))
            }
            ValueKind::Map(fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|field| format!("{:?}:{}", field.key, shape(&field.value)))
                    .collect();
                format!("{{{}}}", fields.join(","))
            }
            ValueKind::Unknown(_) => "?".into(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn lists_maps_sets_and_nested_blocks_decode_like_the_provider_wrote_them() {
        let (_, value) = decoded(
            r#"{
              "id": "support",
              "name": "support",
              "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}",
              "tags.%": "2",
              "tags.Team": "ops",
              "tags.kubernetes.io/role": "support",
              "managed_policy_arns.#": "2",
              "managed_policy_arns.3211543617": "arn:aws:iam::aws:policy/ReadOnlyAccess",
              "managed_policy_arns.1027498512": "arn:aws:iam::aws:policy/AWSSupportAccess",
              "inline_policy.#": "1",
              "inline_policy.0.name": "cases",
              "inline_policy.0.policy": "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"support:*\",\"Resource\":\"*\"}]}"
            }"#,
        );
        assert_eq!(
            shape(&value.unwrap()),
            concat!(
                r#"{"assume_role_policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}","#,
                r#""id":"support","#,
                r#""inline_policy":[{"name":"cases","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"support:*\",\"Resource\":\"*\"}]}"}],"#,
                r#""managed_policy_arns":["arn:aws:iam::aws:policy/AWSSupportAccess","arn:aws:iam::aws:policy/ReadOnlyAccess"],"#,
                r#""name":"support","#,
                r#""tags":{"Team":"ops","kubernetes.io/role":"support"}}"#
            )
        );
    }

    #[test]
    fn list_elements_follow_their_number_not_their_text() {
        let (_, value) =
            decoded(r#"{"l.#": "3", "l.10": "ten", "l.2": "two", "l.0": "zero", "l.~1": "one"}"#);
        assert_eq!(
            shape(value.unwrap().get("l").unwrap()),
            r#"["zero","one","two","ten"]"#
        );
    }

    #[test]
    fn zero_sizes_are_empty_and_the_unknown_marker_stays_unknown() {
        let (_, value) = decoded(
            r#"{"a.#": "0", "a.0": "stale", "m.%": "0", "m.k": "stale",
                "u.#": "74D93920-ED26-11E3-AC10-0800200C9A66",
                "s": "74D93920-ED26-11E3-AC10-0800200C9A66"}"#,
        );
        assert_eq!(shape(&value.unwrap()), r#"{"a":[],"m":{},"s":?,"u":?}"#);
    }

    #[test]
    fn every_value_keeps_its_own_position() {
        let (file, value) = decoded("{\"name\": \"r\",\n \"l.#\": \"1\",\n \"l.0.x\": \"deep\"}");
        let value = value.unwrap();
        let deep = &value.get("l").unwrap().as_list().unwrap()[0]
            .get("x")
            .unwrap()
            .span;
        assert_eq!(&file.text[deep.range()], "\"deep\"");
        assert_eq!(file.position(deep.start).line, 3);
        let name = value.get("name").unwrap().span;
        assert_eq!(&file.text[name.range()], "\"r\"");
    }

    #[test]
    fn bad_entries_are_positioned_errors() {
        for (text, at) in [
            (r#"{"l.#": "1", "l.x": "no"}"#, "\"no\""),
            (r#"{"l.#": "many", "l.0": "a"}"#, "\"many\""),
            (r#"{"n": 5}"#, "5"),
        ] {
            let (file, value) = decoded(text);
            let problem = value.err().unwrap_or_else(|| panic!("{text}"));
            assert_eq!(problem.code, "invalid-state");
            assert_eq!(&file.text[problem.span.unwrap().range()], at, "{text}");
        }
    }

    #[test]
    fn hostile_nesting_and_width_stay_bounded() {
        let mut key = String::from("a");
        let mut entries = Vec::new();
        for _ in 0..40 {
            entries.push(format!("\"{key}.#\": \"1\""));
            key.push_str(".0");
        }
        entries.push(format!("\"{key}\": \"x\""));
        let (_, value) = decoded(&format!("{{{}}}", entries.join(",")));
        assert!(value.unwrap_err().message.contains("32 levels"));

        let wide: Vec<String> = (0..20_000)
            .map(|n| format!("\"l.{}\": \"{n}\"", n * 7919))
            .chain(["\"l.#\": \"999999999999\"".to_owned()])
            .collect();
        let (_, value) = decoded(&format!("{{{}}}", wide.join(",")));
        assert_eq!(
            value.unwrap().get("l").unwrap().as_list().unwrap().len(),
            20_000
        );
    }
}
