//! Test support: builds a [`Node`] tree from JSON text, standing in for the real parser so
//! that the loader's tests do not depend on it.
//!
//! Every node and every key gets a distinct synthetic span (a running counter, in document
//! order), so a test can check which part of the template a value came from by comparing
//! with the span of the node it expects. Key order is kept, as the real parser keeps it.

use crate::document::{Entry, Node, NodeValue};
use crate::load::{LoadedInput, Resource, ValueKind};
use crate::source::{FileId, Span};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;

/// Parses JSON text into a node tree with distinct synthetic spans.
pub(crate) fn node(json: &str) -> Node {
    let counter = Cell::new(0);
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let node = NodeSeed { counter: &counter }
        .deserialize(&mut deserializer)
        .expect("test JSON parses");
    deserializer
        .end()
        .expect("test JSON has nothing after the value");
    node
}

/// Parses JSON text into a node tree, or says why it is not JSON (for the corpus test).
pub(crate) fn try_node(json: &str) -> Result<Node, serde_json::Error> {
    let counter = Cell::new(0);
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let node = NodeSeed { counter: &counter }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(node)
}

/// Loads a template written as JSON text; panics when it does not load.
pub(crate) fn load(json: &str) -> LoadedInput {
    super::load_template(&node(json), FileId(0)).expect("template loads")
}

/// The resource with `address`; panics when there is none.
pub(crate) fn resource<'i>(input: &'i LoadedInput, address: &str) -> &'i Resource {
    input
        .resources
        .iter()
        .find(|resource| &*resource.address == address)
        .unwrap_or_else(|| panic!("no resource {address} in {:?}", input.resources))
}

/// The evaluated property `key` of the resource with `address`.
pub(crate) fn property<'i>(input: &'i LoadedInput, address: &str, key: &str) -> &'i ValueKind {
    let resource = resource(input, address);
    &resource
        .properties
        .get(key)
        .unwrap_or_else(|| panic!("{address} has no {key}: {:?}", resource.properties))
        .kind
}

/// The codes of the problems found, in order.
pub(crate) fn codes(input: &LoadedInput) -> Vec<&'static str> {
    input.problems.iter().map(|problem| problem.code).collect()
}

fn next_span(counter: &Cell<usize>) -> Span {
    let start = counter.get();
    counter.set(start + 1);
    Span::new(start, start + 1)
}

#[derive(Clone, Copy)]
struct NodeSeed<'c> {
    counter: &'c Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::new(next_span(self.counter), NodeValue::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::new(next_span(self.counter), NodeValue::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        let text = value.to_string().into_boxed_str();
        Ok(Node::new(next_span(self.counter), NodeValue::Number(text)))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        let text = value.to_string().into_boxed_str();
        Ok(Node::new(next_span(self.counter), NodeValue::Number(text)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        let text = value.to_string().into_boxed_str();
        Ok(Node::new(next_span(self.counter), NodeValue::Number(text)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        let text = value.into();
        Ok(Node::new(next_span(self.counter), NodeValue::String(text)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let span = next_span(self.counter);
        let mut items = Vec::new();
        while let Some(item) = access.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::new(span, NodeValue::Seq(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let span = next_span(self.counter);
        let mut entries: Vec<Entry> = Vec::new();
        while let Some(key) = access.next_key::<String>()? {
            let key_span = next_span(self.counter);
            let value = access.next_value_seed(self)?;
            // Last of duplicate keys wins, as in CloudFormation and the real parser.
            entries.retain(|entry| *entry.key != *key);
            entries.push(Entry {
                key: key.into(),
                key_span,
                value,
            });
        }
        Ok(Node::new(span, NodeValue::Map(entries)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_distinct_and_order_is_kept() {
        let root = node(r#"{"b": [1, "x"], "a": null}"#);
        let entries = root.as_map().unwrap();
        assert_eq!(&*entries[0].key, "b");
        assert_eq!(&*entries[1].key, "a");
        let items = entries[0].value.as_seq().unwrap();
        assert_ne!(items[0].span, items[1].span);
        assert_ne!(entries[0].key_span, entries[0].value.span);
    }

    #[test]
    fn invalid_json_is_an_error() {
        assert!(try_node("{\"a\": ").is_err());
    }
}
