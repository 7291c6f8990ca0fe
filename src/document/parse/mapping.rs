//! One mapping under construction: entries in document order, duplicate keys resolved the
//! way CloudFormation resolves them (the last value wins).
//!
//! Small mappings are searched linearly; past [`INDEX_FROM`] entries a hash index is built
//! once and kept up to date, so a mapping with thousands of keys costs linear time.

use std::collections::HashMap;

use crate::document::{Entry, Node};
use crate::source::Span;

/// Entry count from which lookups go through a hash index.
const INDEX_FROM: usize = 16;

/// A key given twice in one mapping.
#[derive(Debug, PartialEq)]
pub(super) struct Duplicate {
    /// The key's text.
    pub(super) key: Box<str>,
    /// Where the key was first written.
    pub(super) first: Span,
    /// Where it is written again.
    pub(super) again: Span,
}

/// A mapping being built: its entries so far and the key waiting for its value.
#[derive(Debug, Default)]
pub(super) struct MappingBuilder {
    entries: Vec<Entry>,
    /// Where each entry's key was first written (the entry keeps the latest key span).
    first_key_spans: Vec<Span>,
    index: Option<HashMap<Box<str>, usize>>,
    pending_key: Option<(Box<str>, Span)>,
}

impl MappingBuilder {
    /// Whether the next node is a key (rather than the value of the last key).
    pub(super) fn awaits_key(&self) -> bool {
        self.pending_key.is_none()
    }

    /// Records the key whose value comes next.
    pub(super) fn set_key(&mut self, key: Box<str>, span: Span) {
        self.pending_key = Some((key, span));
    }

    /// Adds `value` under the pending key, replacing an earlier value of the same key.
    /// Returns the duplicate when the key was already present, or `Err(value)` back when no
    /// key is pending.
    pub(super) fn insert(&mut self, value: Node) -> Result<Option<Duplicate>, Node> {
        let Some((key, key_span)) = self.pending_key.take() else {
            return Err(value);
        };
        match self.position(&key) {
            Some(at) => {
                let entry = &mut self.entries[at];
                entry.value = value;
                entry.key_span = key_span;
                Ok(Some(Duplicate {
                    key,
                    first: self.first_key_spans[at],
                    again: key_span,
                }))
            }
            None => {
                if let Some(index) = &mut self.index {
                    index.insert(key.clone(), self.entries.len());
                }
                self.entries.push(Entry {
                    key,
                    key_span,
                    value,
                });
                self.first_key_spans.push(key_span);
                Ok(None)
            }
        }
    }

    /// The finished entries.
    pub(super) fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    fn position(&mut self, key: &str) -> Option<usize> {
        if self.entries.len() < INDEX_FROM {
            return self.entries.iter().position(|entry| &*entry.key == key);
        }
        let entries = &self.entries;
        let index = self.index.get_or_insert_with(|| {
            entries
                .iter()
                .enumerate()
                .map(|(at, entry)| (entry.key.clone(), at))
                .collect()
        });
        index.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::NodeValue;

    fn node(at: usize) -> Node {
        Node::new(
            Span::new(at, at + 1),
            NodeValue::Number(at.to_string().into()),
        )
    }

    fn add(mapping: &mut MappingBuilder, key: &str, at: usize) -> Option<Duplicate> {
        mapping.set_key(key.into(), Span::new(at, at + key.len()));
        mapping.insert(node(at + 10)).unwrap()
    }

    #[test]
    fn the_last_value_wins_and_the_first_place_is_reported() {
        let mut mapping = MappingBuilder::default();
        assert_eq!(add(&mut mapping, "a", 0), None);
        assert_eq!(add(&mut mapping, "b", 5), None);
        let duplicate = add(&mut mapping, "a", 20).unwrap();
        assert_eq!(duplicate.key.as_ref(), "a");
        assert_eq!(duplicate.first, Span::new(0, 1));
        assert_eq!(duplicate.again, Span::new(20, 21));
        let third = add(&mut mapping, "a", 40).unwrap();
        assert_eq!(third.first, Span::new(0, 1), "still the first place");
        let entries = mapping.into_entries();
        let keys: Vec<&str> = entries.iter().map(|entry| &*entry.key).collect();
        assert_eq!(keys, ["a", "b"], "order of first appearance");
        assert_eq!(entries[0].value, node(50));
        assert_eq!(entries[0].key_span, Span::new(40, 41));
    }

    #[test]
    fn large_mappings_use_the_index() {
        let mut mapping = MappingBuilder::default();
        for i in 0..1000 {
            assert_eq!(add(&mut mapping, &format!("k{i}"), i * 10), None);
        }
        assert!(mapping.index.is_some());
        let duplicate = add(&mut mapping, "k3", 99_999).unwrap();
        assert_eq!(duplicate.first, Span::new(30, 32));
        assert_eq!(add(&mut mapping, "new", 100_000), None);
        assert!(add(&mut mapping, "new", 100_010).is_some());
        assert_eq!(mapping.into_entries().len(), 1001);
    }

    #[test]
    fn a_value_without_a_key_is_handed_back() {
        let mut mapping = MappingBuilder::default();
        assert!(mapping.awaits_key());
        assert_eq!(mapping.insert(node(1)), Err(node(1)));
    }
}
