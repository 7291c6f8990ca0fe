//! Whether a statement applies to an action: with known items, exactly when IAM's
//! wildcard rule (the regex reference) says an `Action` item matches, or no `NotAction`
//! item does, for the effect written; with items not known before deployment, never a
//! certain yes or no.

use proptest::prelude::*;
use serde_json::json;
use supportscan::graph::{Document, Effect, Possible, Segment, Statement, Term, Text};
use supportscan::iam::Answer;
use supportscan::iam::statement::{any_item_matches, applies, term_matches};
use supportscan::source::Span;

use crate::reference;

fn statement(json: serde_json::Value) -> Statement {
    let document =
        Document::from_json_text(&json!({ "Statement": [json] }).to_string(), Span::default());
    document.statements().unwrap()[0].clone()
}

fn patterns() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec("[aAbB:*?]{0,5}", 1..4)
}

fn known_items(patterns: &[String]) -> Possible<Vec<Text>> {
    Possible::Known(
        patterns
            .iter()
            .map(|pattern| Text {
                span: Span::default(),
                term: Term::Known(pattern.as_str().into()),
            })
            .collect(),
    )
}

/// A written item that is not a plain known pattern, and the answers IAM would give in
/// its possibilities: `None` where the value is not known before deployment.
#[derive(Clone, Debug)]
enum Item {
    Known(String),
    Unknown,
    Template,
    OneOf(Vec<Option<String>>),
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        "[aAbB:*?]{0,5}".prop_map(Item::Known),
        Just(Item::Unknown),
        Just(Item::Template),
        prop::collection::vec(prop::option::of("[aAbB:*?]{0,5}"), 1..3).prop_map(Item::OneOf),
    ]
}

fn term(item: &Item) -> Term {
    match item {
        Item::Known(pattern) => Term::Known(pattern.as_str().into()),
        Item::Unknown => Term::Unknown("known after apply".into()),
        Item::Template => Term::Template(vec![
            Segment::Literal("support:".into()),
            Segment::Unknown("known after apply".into()),
        ]),
        Item::OneOf(branches) => Term::OneOf(
            branches
                .iter()
                .map(|branch| match branch {
                    Some(pattern) => Term::Known(pattern.as_str().into()),
                    None => Term::Absent,
                })
                .collect(),
        ),
    }
}

/// Kleene levels (no 0, unknown 1, yes 2) of whether the item matches in every and in
/// some possibility, worked out from the regex reference.
fn item_levels(item: &Item, action: &str) -> (u8, u8) {
    let matches = |pattern: &str| reference(pattern).is_match(action);
    match item {
        Item::Known(pattern) => {
            let level = if matches(pattern) { 2 } else { 0 };
            (level, level)
        }
        Item::Unknown | Item::Template => (1, 1),
        Item::OneOf(branches) => {
            let each: Vec<bool> = branches
                .iter()
                .map(|branch| branch.as_deref().is_some_and(matches))
                .collect();
            let all = each.iter().all(|m| *m);
            let any = each.iter().any(|m| *m);
            (if all { 2 } else { 0 }, if any { 2 } else { 0 })
        }
    }
}

fn level(truth: &supportscan::iam::Truth) -> u8 {
    match truth {
        supportscan::iam::Truth::No => 0,
        supportscan::iam::Truth::Unknown(_) => 1,
        supportscan::iam::Truth::Yes => 2,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn an_action_list_applies_when_an_item_matches(
        patterns in patterns(),
        action in "[aAbB:]{0,5}",
        deny in any::<bool>(),
        conditioned in any::<bool>(),
        in_branch in any::<bool>(),
    ) {
        let written = if deny { "Deny" } else { "Allow" };
        let mut json = json!({"Effect": written, "Action": patterns, "Resource": "*"});
        if conditioned {
            json["Condition"] = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
        }
        let mut statement = statement(json);
        statement.conditional = in_branch;
        let first = patterns.iter().find(|p| reference(p).is_match(&action));
        for (effect, is_written) in [(Effect::Allow, !deny), (Effect::Deny, deny)] {
            let applied = applies(&statement, &effect, &action);
            let mut unconditioned = Answer::from_bool(is_written && first.is_some());
            if in_branch {
                unconditioned = unconditioned.in_some_possibility();
            }
            prop_assert_eq!(&applied.unconditioned, &unconditioned);
            let expected = if conditioned {
                unconditioned.in_some_possibility()
            } else {
                unconditioned
            };
            prop_assert_eq!(applied.answer, expected);
            // A statement of the other effect is not read: it names no item.
            prop_assert_eq!(applied.pattern.as_ref(), first.filter(|_| is_written));
            prop_assert_eq!(applied.iam_condition, conditioned);
        }
    }

    #[test]
    fn a_not_action_list_applies_when_no_item_matches(
        patterns in patterns(),
        action in "[aAbB:]{0,5}",
    ) {
        let statement = statement(json!({"Effect": "Allow", "NotAction": patterns, "Resource": "*"}));
        let none = !patterns.iter().any(|p| reference(p).is_match(&action));
        let applied = applies(&statement, &Effect::Allow, &action);
        prop_assert_eq!(applied.answer, Answer::from_bool(none));
        // The list is named where the statement applies, and only there.
        let named = none.then(|| format!("NotAction {}", patterns.join(", ")));
        prop_assert_eq!(applied.pattern, named);
        let (listed, _) = any_item_matches(&known_items(&patterns), &action);
        prop_assert_eq!(!listed, Answer::from_bool(none));
    }

    #[test]
    fn an_item_matches_as_its_possibilities_do(item in item(), action in "[aAbB:]{0,5}") {
        let answer = term_matches(&term(&item), &action);
        prop_assert_eq!((level(&answer.must), level(&answer.may)), item_levels(&item, &action));
    }

    #[test]
    fn a_list_matches_when_any_item_does(
        items in prop::collection::vec(item(), 1..4),
        action in "[aAbB:]{0,5}",
    ) {
        let list = Possible::Known(
            items
                .iter()
                .map(|item| Text { span: Span::default(), term: term(item) })
                .collect(),
        );
        let (answer, first) = any_item_matches(&list, &action);
        let levels: Vec<(u8, u8)> = items.iter().map(|item| item_levels(item, &action)).collect();
        let must = levels.iter().map(|(must, _)| *must).max().unwrap();
        let may = levels.iter().map(|(_, may)| *may).max().unwrap();
        prop_assert_eq!((level(&answer.must), level(&answer.may)), (must, may));
        let first_possible = items
            .iter()
            .zip(&levels)
            .find(|(_, (_, may))| *may > 0)
            .map(|(item, _)| term(item).display());
        prop_assert_eq!(first, first_possible);
    }

    #[test]
    fn a_conditional_list_matches_branch_by_branch(
        branches in prop::collection::vec(
            prop_oneof![
                patterns().prop_map(Some).prop_map(Some),
                Just(Some(None)),
                Just(None),
            ],
            1..4,
        ),
        action in "[aAbB:]{0,5}",
    ) {
        // Each branch: `Some(Some(list))` known, `Some(None)` absent, `None` unknown.
        let list = Possible::OneOf(
            branches
                .iter()
                .map(|branch| match branch {
                    Some(Some(patterns)) => known_items(patterns),
                    Some(None) => Possible::Absent,
                    None => Possible::Unknown("parameter `Actions` has no default".into()),
                })
                .collect(),
        );
        let levels: Vec<u8> = branches
            .iter()
            .map(|branch| match branch {
                Some(Some(patterns)) if patterns.iter().any(|p| reference(p).is_match(&action)) => 2,
                Some(_) => 0,
                None => 1,
            })
            .collect();
        let (answer, _) = any_item_matches(&list, &action);
        let must = *levels.iter().min().unwrap();
        let may = *levels.iter().max().unwrap();
        prop_assert_eq!((level(&answer.must), level(&answer.may)), (must, may));
    }
}
