//! Terraform JSON values to loaded [`Value`]s, and the `after_unknown` overlay that marks
//! which parts of a planned value are not known until apply.
//!
//! Values are read straight from the raw JSON slice with a serde visitor, so mappings keep
//! document order and no intermediate tree is built. A value read from the input file
//! ([`value_in_file`]) gets its own span: each member of a mapping or list is taken as a
//! borrowed raw slice first, whose place in the file is its pointer's distance from the
//! text, so that a finding can point at the attribute (`policy_arn`) rather than at the
//! whole resource. Values of the configuration ([`value_from_raw`]) get one span.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::exact;
use super::json::span_of;
use crate::document::json::offset_in;
use crate::load::value::{Field, Value, ValueKind};
use crate::source::{SourceFile, Span};

/// Converts a raw JSON value; every part gets `span`. serde_json's nesting limit bounds
/// the recursion.
pub(crate) fn value_from_raw(raw: &RawValue, span: Span) -> Result<Value, serde_json::Error> {
    value_from_text(raw.get(), span)
}

/// Converts JSON text that must be one value (a policy document written as a string);
/// every part gets `span`. serde_json's nesting limit bounds the recursion.
pub(crate) fn value_from_text(text: &str, span: Span) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = ValueSeed { span }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// How deep [`value_in_file`] follows nested mappings and lists; deeper parts take their
/// parent's span. Each level reads its own slice again, so the depth bounds the work, and
/// the recursion, whatever the input's nesting.
const MAX_POSITIONED_DEPTH: usize = 32;

/// Converts a raw JSON value borrowed from `file`'s text, each part with its own span
/// (down to [`MAX_POSITIONED_DEPTH`]). serde_json's nesting limit bounds the rest.
pub(super) fn value_in_file(file: &SourceFile, raw: &RawValue) -> Result<Value, serde_json::Error> {
    Positioned { file, depth: 0 }.convert(raw)
}

/// A [`DeserializeSeed`] that reads a value as a borrowed raw slice, then converts it
/// with the slice's span.
#[derive(Clone, Copy)]
struct Positioned<'f> {
    file: &'f SourceFile,
    depth: usize,
}

impl Positioned<'_> {
    fn convert(self, raw: &RawValue) -> Result<Value, serde_json::Error> {
        let span = span_of(self.file, raw);
        if self.depth >= MAX_POSITIONED_DEPTH {
            return value_from_raw(raw, span);
        }
        let mut deserializer = serde_json::Deserializer::from_str(raw.get());
        deserializer.deserialize_any(PositionedVisitor {
            seed: self,
            span,
            plain: ValueSeed { span },
        })
    }
}

impl<'de> DeserializeSeed<'de> for Positioned<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        let raw: &'de RawValue = serde::Deserialize::deserialize(deserializer)?;
        self.convert(raw).map_err(serde::de::Error::custom)
    }
}

/// The visitor of one positioned value: scalars as [`ValueSeed`] reads them, members of
/// mappings and lists positioned one level deeper.
struct PositionedVisitor<'f> {
    seed: Positioned<'f>,
    span: Span,
    plain: ValueSeed,
}

impl<'de> Visitor<'de> for PositionedVisitor<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Value, E> {
        self.plain.visit_bool(value)
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Value, E> {
        self.plain.visit_i64(value)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Value, E> {
        self.plain.visit_u64(value)
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        self.plain.visit_f64(value)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Value, E> {
        self.plain.visit_str(value)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.plain.visit_unit()
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.plain.visit_none()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = Positioned {
            depth: self.seed.depth + 1,
            ..self.seed
        };
        let items = exact::items(|items| {
            while let Some(item) = seq.next_element_seed(inner)? {
                items.push(item);
            }
            Ok(())
        })?;
        Ok(Value::new(self.span, ValueKind::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = Positioned {
            depth: self.seed.depth + 1,
            ..self.seed
        };
        let fields = exact::fields(|fields| {
            while let Some(key) = map.next_key_seed(KeySeed {
                file: self.seed.file,
            })? {
                let value = map.next_value_seed(inner)?;
                fields.push(Field {
                    key: key.text.into(),
                    // An escaped key is not borrowed from the file: its value's place stands
                    // in.
                    key_span: key.span.unwrap_or(value.span),
                    value,
                });
            }
            Ok(())
        })?;
        Ok(Value::new(self.span, ValueKind::Map(fields)))
    }
}

/// A mapping key, with its span (quotes included) when it is borrowed from the file.
struct Key {
    text: String,
    span: Option<Span>,
}

#[derive(Clone, Copy)]
struct KeySeed<'f> {
    file: &'f SourceFile,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a mapping key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Key, E> {
        let start = offset_in(self.file, text);
        let inside = start > 0 && self.file.text.get(start - 1..start) == Some("\"");
        Ok(Key {
            text: text.to_owned(),
            span: inside.then(|| Span::new(start - 1, start + text.len() + 1)),
        })
    }

    fn visit_str<E>(self, text: &str) -> Result<Key, E> {
        Ok(Key {
            text: text.to_owned(),
            span: None,
        })
    }
}

/// A [`DeserializeSeed`] that builds a [`Value`] whose parts all carry one span.
#[derive(Clone, Copy)]
struct ValueSeed {
    span: Span,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::new(self.span, ValueKind::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(self.number(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(self.number(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(self.number(value.to_string()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::new(self.span, ValueKind::Str(value.into())))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::new(self.span, ValueKind::Null))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::new(self.span, ValueKind::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let items = exact::items(|items| {
            while let Some(item) = seq.next_element_seed(self)? {
                items.push(item);
            }
            Ok(())
        })?;
        Ok(Value::new(self.span, ValueKind::List(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let fields = exact::fields(|fields| {
            while let Some(key) = map.next_key::<String>()? {
                let value = map.next_value_seed(self)?;
                fields.push(Field {
                    key: key.into(),
                    key_span: self.span,
                    value,
                });
            }
            Ok(())
        })?;
        Ok(Value::new(self.span, ValueKind::Map(fields)))
    }
}

impl ValueSeed {
    fn number(self, text: String) -> Value {
        Value::new(self.span, ValueKind::Number(text.into()))
    }
}

/// One step of a path into a value.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Step {
    /// A mapping key or block attribute.
    Key(String),
    /// A list element or block index.
    Index(usize),
}

/// A place in a planned value that `after_unknown` marks unknown.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct UnknownPath {
    /// Where, from the resource's attributes.
    pub steps: Vec<Step>,
    /// Whether it is the only unknown entry among its siblings (then a list or map
    /// expression that references one object can only have produced it from that object).
    pub only_unknown_sibling: bool,
}

/// The paths that `after_unknown` (same shape as `after`, `true` at unknown leaves)
/// marks unknown, in document order. serde_json's nesting limit bounds the recursion.
pub(super) fn unknown_paths(after_unknown: &serde_json::Value) -> Vec<UnknownPath> {
    let mut paths = Vec::new();
    collect_unknown(after_unknown, &mut Vec::new(), true, &mut paths);
    paths
}

fn collect_unknown(
    marker: &serde_json::Value,
    steps: &mut Vec<Step>,
    only_unknown_sibling: bool,
    paths: &mut Vec<UnknownPath>,
) {
    match marker {
        serde_json::Value::Bool(true) => paths.push(UnknownPath {
            steps: steps.clone(),
            only_unknown_sibling,
        }),
        serde_json::Value::Object(entries) => {
            let alone = count_true(entries.values()) == 1;
            for (key, inner) in entries {
                steps.push(Step::Key(key.clone()));
                collect_unknown(inner, steps, alone, paths);
                steps.pop();
            }
        }
        serde_json::Value::Array(items) => {
            let alone = count_true(items.iter()) == 1;
            for (index, inner) in items.iter().enumerate() {
                steps.push(Step::Index(index));
                collect_unknown(inner, steps, alone, paths);
                steps.pop();
            }
        }
        _ => {}
    }
}

/// How many of `markers` mark something unknown (a `true`, or a container holding one).
fn count_true<'v>(markers: impl Iterator<Item = &'v serde_json::Value>) -> usize {
    markers.filter(|marker| marks_unknown(marker)).count()
}

fn marks_unknown(marker: &serde_json::Value) -> bool {
    match marker {
        serde_json::Value::Bool(unknown) => *unknown,
        serde_json::Value::Object(entries) => entries.values().any(marks_unknown),
        serde_json::Value::Array(items) => items.iter().any(marks_unknown),
        _ => false,
    }
}

/// Puts each of `replacements` at its path in `value`: an existing entry is replaced, a
/// missing last key is added (Terraform omits unknown attributes from `after`), a path
/// through something that is not there is left alone; an empty path (the whole resource
/// unknown, its only path) is replaced only by a mapping, what is known of the resource.
///
/// Linear in the paths: each mapping's keys are sorted once and searched by halves, and
/// the paths through one entry are followed into it together, so a resource (or a block of
/// it) with thousands of unknown attributes is not set in quadratic time. The fields the
/// paths add are reserved at once rather than by doubling a map held the whole scan.
pub(super) fn set_all(value: &mut Value, paths: &[UnknownPath], replacements: Vec<Value>) {
    let mut items = Vec::with_capacity(paths.len());
    for (path, replacement) in paths.iter().zip(replacements) {
        if !path.steps.is_empty() {
            items.push((path.steps.as_slice(), replacement));
        } else if matches!(replacement.kind, ValueKind::Map(_)) {
            *value = replacement;
        }
    }
    set_many(value, items);
}

/// One path's remaining steps and what goes at its end.
type Setting<'p> = (&'p [Step], Value);

/// [`set_all`] below `value`: every item has at least one step.
fn set_many(value: &mut Value, items: Vec<Setting<'_>>) {
    let span = value.span;
    // Items that go deeper, by the position of the entry they go through.
    let mut deeper: Vec<(usize, Setting<'_>)> = Vec::new();
    match &mut value.kind {
        ValueKind::Map(fields) => {
            let mut order: Vec<usize> = (0..fields.len()).collect();
            order.sort_by(|&a, &b| fields[a].key.cmp(&fields[b].key));
            let find = |fields: &[Field], key: &str| {
                order
                    .binary_search_by(|&at| (*fields[at].key).cmp(key))
                    .ok()
                    .map(|found| order[found])
            };
            let added = items
                .iter()
                .filter(
                    |(steps, _)| matches!(steps, [Step::Key(key)] if find(fields, key).is_none()),
                )
                .count();
            fields.reserve_exact(added);
            for (steps, replacement) in items {
                let Some((Step::Key(key), rest)) = steps.split_first() else {
                    continue;
                };
                match (find(fields, key), rest.is_empty()) {
                    (Some(at), true) => fields[at].value = replacement,
                    (Some(at), false) => deeper.push((at, (rest, replacement))),
                    (None, true) => fields.push(Field {
                        key: key.as_str().into(),
                        key_span: span,
                        value: replacement,
                    }),
                    (None, false) => {}
                }
            }
            for_each_entry(deeper, |at, items| set_many(&mut fields[at].value, items));
        }
        ValueKind::List(elements) => {
            for (steps, replacement) in items {
                let Some((Step::Index(index), rest)) = steps.split_first() else {
                    continue;
                };
                match (elements.get_mut(*index), rest.is_empty()) {
                    (Some(element), true) => *element = replacement,
                    (Some(_), false) => deeper.push((*index, (rest, replacement))),
                    (None, _) => {}
                }
            }
            for_each_entry(deeper, |at, items| set_many(&mut elements[at], items));
        }
        _ => {}
    }
}

/// Calls `set` once for each entry with the items that go through it, in path order.
fn for_each_entry<'p>(
    mut deeper: Vec<(usize, Setting<'p>)>,
    mut set: impl FnMut(usize, Vec<Setting<'p>>),
) {
    deeper.sort_by_key(|(at, _)| *at);
    let mut deeper = deeper.into_iter().peekable();
    while let Some((at, first)) = deeper.next() {
        let mut items = vec![first];
        while let Some((_, item)) = deeper.next_if(|(next, _)| *next == at) {
            items.push(item);
        }
        set(at, items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::value::Unknown;

    const SPAN: Span = Span { start: 3, end: 9 };

    /// One path at a time, as the loader once set them: the reference [`set_all`] must agree
    /// with. Puts `replacement` at `steps` in `value`: an existing entry is replaced, a missing last
    /// key is added (Terraform omits unknown attributes from `after`). A path through
    /// something that is not there is left alone.
    fn set_at(value: &mut Value, steps: &[Step], replacement: Value) {
        let Some((last, parents)) = steps.split_last() else {
            *value = replacement;
            return;
        };
        let mut current = value;
        for step in parents {
            let next = match (step, &mut current.kind) {
                (Step::Key(key), ValueKind::Map(fields)) => fields
                    .iter_mut()
                    .find(|field| &*field.key == key)
                    .map(|field| &mut field.value),
                (Step::Index(index), ValueKind::List(items)) => items.get_mut(*index),
                _ => None,
            };
            match next {
                Some(next) => current = next,
                None => return,
            }
        }
        let span = current.span;
        match (last, &mut current.kind) {
            (Step::Key(key), ValueKind::Map(fields)) => {
                match fields.iter_mut().find(|field| &*field.key == key) {
                    Some(field) => field.value = replacement,
                    None => fields.push(Field {
                        key: key.as_str().into(),
                        key_span: span,
                        value: replacement,
                    }),
                }
            }
            (Step::Index(index), ValueKind::List(items)) => {
                if let Some(item) = items.get_mut(*index) {
                    *item = replacement;
                }
            }
            _ => {}
        }
    }

    /// Follows `steps` into `value`.
    fn value_at<'v>(value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
        let mut current = value;
        for step in steps {
            current = match step {
                Step::Key(key) => current.get(key)?,
                Step::Index(index) => current.as_list()?.get(*index)?,
            };
        }
        Some(current)
    }

    fn convert(json: &str) -> Value {
        value_from_raw(&RawValue::from_string(json.to_owned()).unwrap(), SPAN).unwrap()
    }

    #[test]
    fn values_keep_order_strings_and_numbers() {
        let value =
            convert(r#"{"z": "{\"Version\":\"2012-10-17\"}", "a": [1, -2, 1.5, true, null]}"#);
        let fields = value.as_map().unwrap();
        assert_eq!(&*fields[0].key, "z");
        assert_eq!(
            fields[0].value.as_str(),
            Some(r#"{"Version":"2012-10-17"}"#)
        );
        let items = value.get("a").unwrap().as_list().unwrap();
        let kinds: Vec<_> = items.iter().map(|item| item.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                ValueKind::Number("1".into()),
                ValueKind::Number("-2".into()),
                ValueKind::Number("1.5".into()),
                ValueKind::Bool(true),
                ValueKind::Null
            ]
        );
        assert!(items.iter().all(|item| item.span == SPAN));
    }

    #[test]
    fn values_in_a_file_carry_their_own_spans() {
        let text = r#"{"values": {"policy_arn": "arn:aws:iam::aws:policy/X", "tags": {"a\u0062": "c"}, "list": [1, {"k": [true]}]}}"#;
        let file = SourceFile::new("plan.json", text.to_owned());
        #[derive(serde::Deserialize)]
        struct Outer<'a> {
            #[serde(borrow)]
            values: &'a RawValue,
        }
        let outer: Outer = serde_json::from_str(&file.text).unwrap();
        let value = value_in_file(&file, outer.values).unwrap();
        let at = |value: &Value| &text[value.span.range()];
        assert!(at(&value).starts_with("{\"policy_arn\""));
        let arn = value.get("policy_arn").unwrap();
        assert_eq!(at(arn), r#""arn:aws:iam::aws:policy/X""#);
        assert_eq!(arn.as_str(), Some("arn:aws:iam::aws:policy/X"));
        let fields = value.as_map().unwrap();
        assert_eq!(&text[fields[0].key_span.range()], r#""policy_arn""#);
        // An escaped key is read, and placed at its value.
        let tags = value.get("tags").unwrap().as_map().unwrap();
        assert_eq!(&*tags[0].key, "ab");
        assert_eq!(&text[tags[0].key_span.range()], r#""c""#);
        let list = value.get("list").unwrap().as_list().unwrap();
        assert_eq!(at(&list[0]), "1");
        let inner = list[1].get("k").unwrap();
        assert_eq!(at(inner), "[true]");
        assert_eq!(at(&inner.as_list().unwrap()[0]), "true");
    }

    #[test]
    fn deep_values_take_their_parents_span_past_the_limit() {
        let depth = MAX_POSITIONED_DEPTH + 10;
        let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let file = SourceFile::new("plan.json", text.clone());
        let raw: &RawValue = serde_json::from_str(&file.text).unwrap();
        let mut value = &value_in_file(&file, raw).unwrap();
        for _ in 0..depth {
            value = &value.as_list().unwrap()[0];
        }
        assert_eq!(value.kind, ValueKind::Number("1".into()));
        let last_positioned = format!("{}1{}", "[".repeat(10), "]".repeat(10));
        assert_eq!(&text[value.span.range()], last_positioned);
    }

    #[test]
    fn unknown_paths_follow_nested_blocks_and_list_elements() {
        let marker: serde_json::Value = serde_json::from_str(
            r#"{"arn": true, "tags": {}, "statement": [{"principals": [{"identifiers": [false, true]}]}], "x": false}"#,
        )
        .unwrap();
        let paths = unknown_paths(&marker);
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[0].steps, vec![Step::Key("arn".into())]);
        assert!(!paths[0].only_unknown_sibling);
        assert_eq!(
            paths[1].steps,
            vec![
                Step::Key("statement".into()),
                Step::Index(0),
                Step::Key("principals".into()),
                Step::Index(0),
                Step::Key("identifiers".into()),
                Step::Index(1)
            ]
        );
        assert!(paths[1].only_unknown_sibling);
        assert_eq!(unknown_paths(&serde_json::Value::Bool(false)), vec![]);
    }

    #[test]
    fn set_at_replaces_inserts_and_ignores_missing_parents() {
        let mut value = convert(r#"{"list": [1, null], "name": null}"#);
        let unknown = Value::new(SPAN, ValueKind::Unknown(Box::new(Unknown::new("later"))));
        set_at(
            &mut value,
            &[Step::Key("list".into()), Step::Index(1)],
            unknown.clone(),
        );
        set_at(&mut value, &[Step::Key("arn".into())], unknown.clone());
        set_at(
            &mut value,
            &[Step::Key("nope".into()), Step::Key("x".into())],
            unknown.clone(),
        );
        set_at(
            &mut value,
            &[Step::Key("list".into()), Step::Index(7)],
            unknown.clone(),
        );
        assert_eq!(
            value_at(&value, &[Step::Key("list".into()), Step::Index(1)]),
            Some(&unknown)
        );
        assert_eq!(value.get("arn"), Some(&unknown));
        assert_eq!(value.get("name").unwrap().kind, ValueKind::Null);
        assert_eq!(value.as_map().unwrap().len(), 3);
        assert_eq!(value.get("list").unwrap().as_list().unwrap().len(), 2);
        let mut whole = convert("{}");
        set_at(&mut whole, &[], unknown.clone());
        assert_eq!(whole, unknown);
    }

    fn path(steps: &[Step]) -> UnknownPath {
        UnknownPath {
            steps: steps.to_vec(),
            only_unknown_sibling: false,
        }
    }

    #[test]
    fn set_all_does_what_set_at_does_path_by_path() {
        let key = |name: &str| Step::Key(name.into());
        let paths = [
            path(&[key("zeta"), Step::Index(1)]),
            path(&[key("arn")]),
            path(&[key("name")]),
            path(&[key("id")]),
            path(&[key("missing"), key("x")]),
            path(&[key("block"), key("inner")]),
            path(&[Step::Index(0)]),
            path(&[key("zeta"), Step::Index(9)]),
            path(&[key("blocks"), Step::Index(1), key("name")]),
            path(&[key("blocks"), Step::Index(0), key("arn")]),
            path(&[key("blocks"), Step::Index(0), Step::Index(0)]),
            path(&[key("block"), key("a")]),
        ];
        let start = convert(
            r#"{"zeta": [1, null], "name": null, "block": {"a": 1}, "alpha": 2,
                "blocks": [{"name": "x"}, {"name": "y"}]}"#,
        );
        let replacements: Vec<Value> = (0..paths.len())
            .map(|i| {
                Value::new(
                    SPAN,
                    ValueKind::Unknown(Box::new(Unknown::new(format!("u{i}")))),
                )
            })
            .collect();
        let mut one_by_one = start.clone();
        for (path, replacement) in paths.iter().zip(replacements.clone()) {
            set_at(&mut one_by_one, &path.steps, replacement);
        }
        let mut all = start;
        set_all(&mut all, &paths, replacements);
        assert_eq!(all, one_by_one);
        let ValueKind::Map(fields) = &all.kind else {
            panic!("a mapping");
        };
        assert_eq!(
            fields.len(),
            7,
            "arn and id added, nothing under a missing parent"
        );
        assert_eq!(
            fields.capacity(),
            7,
            "the added fields were reserved at once"
        );
    }

    #[test]
    fn a_whole_unknown_resource_is_replaced_only_by_a_mapping() {
        let mut properties = convert(r#"{"name": "r"}"#);
        let unknown = Value::new(SPAN, ValueKind::Unknown(Box::new(Unknown::new("later"))));
        set_all(&mut properties, &[path(&[])], vec![unknown]);
        assert_eq!(properties.get("name").unwrap().as_str(), Some("r"));
        set_all(
            &mut properties,
            &[path(&[])],
            vec![convert(r#"{"arn": "x"}"#)],
        );
        assert_eq!(properties.as_map().unwrap().len(), 1);
        assert!(properties.get("arn").is_some());
    }
}
