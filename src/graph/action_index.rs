//! A statement's long `Action`/`NotAction` lists grouped by service, so that asking about
//! one action reads only the items that can match it.
//!
//! An IAM action is `service:Name`, and a pattern matches it only over the whole text,
//! `*` and `?` being the only special characters (IAM User Guide, "IAM JSON policy
//! elements: Action"). So a pattern whose service part (the text before its first `:`) has
//! no wildcard can match only actions of that service, compared case-insensitively; every
//! other item (a wildcard in the service part, no colon at all, `*`) may match anything.
//! Published policies such as `ReadOnlyAccess` list thousands of patterns in one statement,
//! and every role that attaches one shares its statements: the grouping is built once, on
//! the first question, and kept beside the statement.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::term::{Possible, Term, Text};

/// Lists shorter than this are read item by item: grouping would cost more than it saves.
const MIN_INDEXED_ITEMS: usize = 16;

/// The positions of a list's items by the service an action must have to match them.
#[derive(Clone, Debug)]
pub struct ActionIndex {
    /// Item positions, ascending, by lowercased service prefix.
    by_service: HashMap<Box<str>, Vec<u32>>,
    /// Positions, ascending, of the items that may match an action of any service.
    any_service: Vec<u32>,
}

impl ActionIndex {
    /// The grouping of `items`, when it is worth having and sound: every item known in
    /// full (a template or unknown item is decided item by item), and enough of them.
    fn of(items: &Possible<Vec<Text>>) -> Option<ActionIndex> {
        let Possible::Known(items) = items else {
            return None;
        };
        if items.len() < MIN_INDEXED_ITEMS || u32::try_from(items.len()).is_err() {
            return None;
        }
        let mut index = ActionIndex {
            by_service: HashMap::new(),
            any_service: Vec::new(),
        };
        for (position, item) in (0u32..).zip(items) {
            let Term::Known(pattern) = &item.term else {
                return None;
            };
            match literal_service(pattern) {
                Some(service) => index
                    .by_service
                    .entry(service.to_ascii_lowercase().into())
                    .or_default()
                    .push(position),
                None => index.any_service.push(position),
            }
        }
        Some(index)
    }

    /// The positions, ascending, of every item that may match `action`: those of its
    /// service and those of any service. An item left out cannot match. `None` when the
    /// action's service is not ASCII text (some characters beyond ASCII lower to ASCII
    /// ones): every item must be read then.
    pub fn candidates(&self, action: &str) -> Option<impl Iterator<Item = usize> + '_> {
        let service: &[u32] = match action.split_once(':') {
            Some((service, _)) if !service.is_ascii() => return None,
            Some((service, _)) => self.service_items(service).unwrap_or(&[]),
            None => &[],
        };
        Some(merged_positions(service, &self.any_service).map(|position| position as usize))
    }

    fn service_items(&self, service: &str) -> Option<&[u32]> {
        let items = if service.bytes().any(|byte| byte.is_ascii_uppercase()) {
            self.by_service.get(service.to_ascii_lowercase().as_str())
        } else {
            self.by_service.get(service)
        };
        items.map(Vec::as_slice)
    }
}

/// The service part of a pattern when it is literal ASCII text: `None` for a pattern
/// without a colon, with a wildcard before it, or beyond ASCII (compared by lowered
/// characters, which this grouping does not model).
fn literal_service(text: &str) -> Option<&str> {
    let (service, _) = text.split_once(':')?;
    (text.is_ascii() && !service.contains(['*', '?'])).then_some(service)
}

/// Two ascending lists of positions merged into one ascending sequence.
pub fn merged_positions<'a>(left: &'a [u32], right: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
    std::iter::from_fn(move || match (left.peek(), right.peek()) {
        (Some(a), Some(b)) if a <= b => left.next().copied(),
        (Some(_), Some(_)) | (None, Some(_)) => right.next().copied(),
        (Some(_), None) => left.next().copied(),
        (None, None) => None,
    })
}

/// The groupings of one statement's `Action` and `NotAction` lists, each built on first
/// use. It is a cache: two statements are equal whatever their caches hold.
#[derive(Clone, Default)]
pub struct StatementIndex {
    // Boxed: few lists are long enough to be indexed, and every statement has the cells.
    action: OnceLock<Option<Box<ActionIndex>>>,
    not_action: OnceLock<Option<Box<ActionIndex>>>,
}

impl StatementIndex {
    /// The grouping of `items`, the statement's `Action` list.
    pub fn action(&self, items: &Possible<Vec<Text>>) -> Option<&ActionIndex> {
        self.action
            .get_or_init(|| ActionIndex::of(items).map(Box::new))
            .as_deref()
    }

    /// The grouping of `items`, the statement's `NotAction` list.
    pub fn not_action(&self, items: &Possible<Vec<Text>>) -> Option<&ActionIndex> {
        self.not_action
            .get_or_init(|| ActionIndex::of(items).map(Box::new))
            .as_deref()
    }
}

impl PartialEq for StatementIndex {
    fn eq(&self, _: &StatementIndex) -> bool {
        true
    }
}

impl std::fmt::Debug for StatementIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("StatementIndex")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn items(patterns: &[&str]) -> Possible<Vec<Text>> {
        Possible::Known(
            patterns
                .iter()
                .map(|pattern| Text {
                    span: Span::new(0, 0),
                    term: Term::Known((*pattern).into()),
                })
                .collect(),
        )
    }

    fn padded(patterns: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
        all.extend((0..MIN_INDEXED_ITEMS).map(|n| format!("ec2:Describe{n}")));
        all
    }

    fn candidates(patterns: &[String], action: &str) -> Vec<usize> {
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let index = ActionIndex::of(&items(&refs)).expect("indexed");
        index
            .candidates(action)
            .expect("an ASCII service")
            .collect()
    }

    #[test]
    fn an_action_reads_its_service_and_the_items_of_any_service_in_written_order() {
        let patterns = padded(&["support:*", "s*:Get*", "*", "Support:Describe*", "iam:Get*"]);
        assert_eq!(
            candidates(&patterns, "support:CreateCase"),
            [0, 1, 2, 3],
            "the support items and the wildcard-service items, in order"
        );
        assert_eq!(candidates(&patterns, "SUPPORT:CreateCase"), [0, 1, 2, 3]);
        assert_eq!(candidates(&patterns, "iam:GetRole"), [1, 2, 4]);
        assert_eq!(candidates(&patterns, "kms:Decrypt"), [1, 2]);
        assert_eq!(candidates(&patterns, "no-colon"), [1, 2]);
    }

    #[test]
    fn text_beyond_ascii_may_match_anything() {
        let patterns = padded(&["suppört:*", "kms:*"]);
        assert_eq!(candidates(&patterns, "kms:Decrypt"), [0, 1]);
        assert_eq!(candidates(&patterns, "support:Créer"), [0]);
        let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
        let index = ActionIndex::of(&items(&refs)).expect("indexed");
        // The Kelvin sign lowers to `k`: such an action is compared with every item.
        assert!(index.candidates("\u{212A}ms:Decrypt").is_none());
    }

    #[test]
    fn short_lists_and_lists_with_unknown_items_are_not_grouped() {
        assert!(ActionIndex::of(&items(&["support:*"])).is_none());
        let mut long = items(&padded(&[]).iter().map(String::as_str).collect::<Vec<_>>());
        if let Possible::Known(list) = &mut long {
            list.push(Text {
                span: Span::new(0, 0),
                term: Term::Unknown("later".into()),
            });
        }
        assert!(ActionIndex::of(&long).is_none());
        assert!(ActionIndex::of(&Possible::Unknown("later".into())).is_none());
    }
}
