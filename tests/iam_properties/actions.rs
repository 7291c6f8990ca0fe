//! Property tests for IAM action matching: `action_matches` must agree with an independent
//! reading of IAM's wildcard rules (a case-insensitive regex where `*` is any run and `?`
//! one character, over the whole text), for random patterns and for patterns cut from the
//! published IAM action catalog.

use proptest::prelude::*;
use supportscan::iam::catalog::{all_actions, expand};
use supportscan::iam::pattern::action_matches;

use crate::reference;

/// A catalog action with some characters turned into wildcards and some case flipped.
fn catalog_pattern() -> impl Strategy<Value = String> {
    let count = all_actions().len();
    (0..count, prop::collection::vec((any::<u8>(), 0u8..6), 0..6)).prop_map(|(index, edits)| {
        let mut chars: Vec<char> = all_actions()[index].action.chars().collect();
        for (at, edit) in edits {
            if chars.is_empty() {
                break;
            }
            let at = at as usize % chars.len();
            match edit {
                0 => chars[at] = '*',
                1 => chars[at] = '?',
                2 => chars.truncate(at),
                3 => chars.insert(at, '*'),
                _ => chars[at] = chars[at].to_ascii_uppercase(),
            }
        }
        chars.into_iter().collect()
    })
}

proptest! {
    #[test]
    fn random_patterns_match_as_iam_reads_them(
        pattern in "[aAbB:*?é]{0,8}",
        action in "[aAbB:éÉ]{0,8}",
    ) {
        prop_assert_eq!(action_matches(&pattern, &action), reference(&pattern).is_match(&action));
    }

    #[test]
    fn a_pattern_expands_to_exactly_the_catalog_actions_it_matches(pattern in catalog_pattern()) {
        let expanded: Vec<&str> = expand(&pattern).iter().map(|a| a.action).collect();
        let reference = reference(&pattern);
        let by_reference: Vec<&str> = all_actions()
            .iter()
            .map(|a| a.action)
            .filter(|action| reference.is_match(action))
            .collect();
        prop_assert_eq!(expanded, by_reference);
    }
}
