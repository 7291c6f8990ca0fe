//! The parsed document: a JSON/YAML value tree in which every node knows its span.
//!
//! CloudFormation YAML short tags are already rewritten to their long forms here
//! (`!Ref X` is a one-entry map `{Ref: X}`), so the loaders see one shape whatever the
//! input syntax was.

use crate::source::Span;

/// One value of a parsed document with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value is written (for a mapping entry's value: the value, not the key).
    pub span: Span,
    /// The value.
    pub value: NodeValue,
}

/// The kinds of value a JSON or YAML document can hold.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeValue {
    /// `null`, `~` or an empty YAML value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, kept as written so that account IDs such as `012345678901` survive.
    Number(Box<str>),
    /// A string (quoted, or a plain YAML scalar that is no other type).
    String(Box<str>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order; keys are unique (the parser keeps the last of
    /// duplicates, as CloudFormation does, and reports the duplicate).
    Map(Vec<Entry>),
}

/// One key of a mapping with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key's text.
    pub key: Box<str>,
    /// Where the key is written: where a user looks for a resource or property.
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Node {
    /// A node at `span`.
    pub fn new(span: Span, value: NodeValue) -> Node {
        Node { span, value }
    }

    /// The value of key `key` if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The entry of key `key` if this is a mapping that has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            NodeValue::Map(entries) => entries.iter().find(|entry| &*entry.key == key),
            _ => None,
        }
    }

    /// The entries if this is a mapping.
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            NodeValue::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            NodeValue::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The text if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            NodeValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// The text of a scalar as written: strings, numbers and booleans (CloudFormation
    /// turns all scalars into strings).
    pub fn scalar_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match &self.value {
            NodeValue::String(text) | NodeValue::Number(text) => Some((&**text).into()),
            NodeValue::Bool(b) => Some(if *b { "true" } else { "false" }.into()),
            _ => None,
        }
    }
}
