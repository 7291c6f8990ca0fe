//! Whether one policy statement applies to one action, over every possibility.
//!
//! IAM applies a statement to a request when its `Effect` is the one asked about, its
//! `Action` list matches the action (or its `NotAction` list does not), its `Resource`
//! matches, and its `Condition` block is satisfied (IAM User Guide, "Policy evaluation
//! logic" and "IAM JSON policy elements"). Here:
//! - `Action`/`NotAction` items, the effect and the statement's presence may depend on a
//!   template condition or be unknown: each is an [`Answer`] over the possibilities;
//! - a `Condition` block is satisfied by some requests only: such a statement applies in
//!   some possibilities, never certainly (and an unknown block leaves `must` open);
//! - `Resource`/`NotResource` are taken as applying (the Support actions take resource
//!   `*`), and reported through [`Applies::resource_scoped`] so a message can say so.
//!
//! A statement with neither `Action` nor `NotAction`, or with an invalid effect, is
//! rejected by IAM and applies to nothing.

use std::ops::Not;

use super::answer::Answer;
use super::pattern::action_matches;
use crate::graph::{ActionIndex, Condition, Document, Effect, Possible, Statement, Term, Text};

/// How a statement applies to an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applies {
    /// Whether it applies.
    pub answer: Answer,
    /// Whether it would apply without its IAM condition block (for questions about the
    /// conditions themselves, such as `iam:AWSServiceName` scoping).
    pub unconditioned: Answer,
    /// The `Action` item that matched, or `NotAction ` and the listed items; `None` for a
    /// statement that does not apply to the action (for one whose effect is not the one
    /// asked about, its items are not read).
    pub pattern: Option<String>,
    /// Whether the statement has an IAM condition block.
    pub iam_condition: bool,
    /// Whether it names resources other than `*`, or uses `NotResource`.
    pub resource_scoped: bool,
}

/// Whether `statement`, with effect `effect`, applies to `action`.
pub fn applies(statement: &Statement, effect: &Effect, action: &str) -> Applies {
    let presence = if statement.conditional {
        Answer::SOMETIMES
    } else {
        Answer::YES
    };
    let effect_answer = over_possible(&statement.effect, Answer::NO, |written| {
        Answer::from_bool(written == effect)
    });
    // A statement of the other effect applies to nothing asked here: its items are not read.
    let (matched, pattern) = match (&statement.action, &statement.not_action) {
        _ if effect_answer.is_never() => (Answer::NO, None),
        (Some(items), _) => {
            let index = statement.action_index.action(items);
            indexed_item_matches(items, index, action)
        }
        (None, Some(items)) => {
            let index = statement.action_index.not_action(items);
            let (listed_match, _) = indexed_item_matches(items, index, action);
            let answer = listed_match.not();
            // Named only where it may apply: most NotAction statements asked about an
            // action they list are read for nothing else.
            let pattern = (!answer.may.is_no()).then(|| format!("NotAction {}", listed(items)));
            (answer, pattern)
        }
        (None, None) => (Answer::NO, None),
    };
    let conditions = over_possible(&statement.condition, Answer::YES, |conditions| {
        if conditions.is_empty() {
            Answer::YES
        } else {
            Answer::SOMETIMES
        }
    });
    let unconditioned = presence.and(effect_answer).and(matched);
    Applies {
        answer: unconditioned.clone().and(conditions),
        unconditioned,
        pattern,
        iam_condition: has_conditions(statement),
        resource_scoped: resource_scoped(statement),
    }
}

/// Whether the statement carries an IAM condition block (or may, in some possibility).
pub fn has_conditions(statement: &Statement) -> bool {
    !matches!(&statement.condition, Possible::Known(conditions) if conditions.is_empty())
}

/// The known conditions of a statement, from every possibility; `None` when the block
/// is unknown in some possibility.
pub fn known_conditions(statement: &Statement) -> Option<Vec<&Condition>> {
    Some(
        statement
            .condition
            .known_values()?
            .into_iter()
            .flatten()
            .collect(),
    )
}

fn resource_scoped(statement: &Statement) -> bool {
    if statement.not_resource.is_some() {
        return true;
    }
    match &statement.resource {
        Some(Possible::Known(items)) => !items.iter().all(|item| item.term.known() == Some("*")),
        Some(_) => true,
        None => false,
    }
}

/// Whether any item of a list matches `action`, and the first item that may match.
pub fn any_item_matches(items: &Possible<Vec<Text>>, action: &str) -> (Answer, Option<String>) {
    let mut first = None;
    let answer = over_possible(items, Answer::NO, |items| {
        items.iter().fold(Answer::NO, |so_far, item| {
            let answer = term_matches(&item.term, action);
            if first.is_none() && !answer.may.is_no() {
                first = Some(item.term.display());
            }
            so_far.or(answer)
        })
    });
    (answer, first)
}

/// [`any_item_matches`], reading through `index` (when the list has one) only the items
/// that can match `action`. Every indexed item is known text, so the first candidate that
/// matches is the first item that may match.
fn indexed_item_matches(
    items: &Possible<Vec<Text>>,
    index: Option<&ActionIndex>,
    action: &str,
) -> (Answer, Option<String>) {
    let (Possible::Known(list), Some(candidates)) =
        (items, index.and_then(|index| index.candidates(action)))
    else {
        return any_item_matches(items, action);
    };
    let first = candidates
        .map(|position| &list[position].term)
        .find(|term| matches!(term, Term::Known(pattern) if action_matches(pattern, action)));
    (Answer::from_bool(first.is_some()), first.map(Term::display))
}

/// Whether one written item (`support:*`) matches `action`.
pub fn term_matches(term: &Term, action: &str) -> Answer {
    match term {
        Term::Known(pattern) => Answer::from_bool(action_matches(pattern, action)),
        Term::Template(_) => Answer::unknown(format!(
            "the action `{}` is not known before deployment",
            term.display()
        )),
        Term::Unknown(reason) => Answer::unknown(reason.clone()),
        Term::OneOf(branches) => branches
            .iter()
            .map(|branch| term_matches(branch, action))
            .reduce(Answer::branch)
            .unwrap_or(Answer::NO),
        Term::Absent => Answer::NO,
    }
}

/// The items of a list as written, joined with `, `.
pub fn listed(items: &Possible<Vec<Text>>) -> String {
    match items.known_values() {
        Some(lists) => {
            let shown: Vec<String> = lists
                .into_iter()
                .flatten()
                .map(|item| item.term.display())
                .collect();
            shown.join(", ")
        }
        None => "(not known before deployment)".to_owned(),
    }
}

/// Every statement of a document with whether it exists only in some branch of a
/// conditional body, and the reason when a branch is unknown.
pub fn document_statements(document: &Document) -> (Vec<(&Statement, bool)>, Option<String>) {
    if let Possible::Known(body) = &document.body {
        let statements = body.statements.iter();
        return (
            statements
                .map(|statement| (statement, statement.conditional))
                .collect(),
            None,
        );
    }
    let mut statements = Vec::new();
    let mut unknown = None;
    let mut pending = vec![(&document.body, false)];
    while let Some((body, in_branch)) = pending.pop() {
        match body {
            Possible::Known(body) => statements.extend(
                body.statements
                    .iter()
                    .map(|statement| (statement, in_branch || statement.conditional)),
            ),
            Possible::OneOf(branches) => {
                pending.extend(branches.iter().rev().map(|branch| (branch, true)))
            }
            Possible::Absent => {}
            Possible::Unknown(reason) => unknown = Some(reason.to_string()),
        }
    }
    (statements, unknown)
}

/// An answer over a possibly conditional or unknown value: `leaf` for each known value,
/// `absent` for a branch without one, not evaluable for an unknown one; branches combine
/// as alternatives.
pub fn over_possible<'a, T>(
    possible: &'a Possible<T>,
    absent: Answer,
    mut leaf: impl FnMut(&'a T) -> Answer,
) -> Answer {
    // The common case, a value that depends on no condition, needs no stack.
    match possible {
        Possible::Known(value) => return leaf(value),
        Possible::Absent => return absent,
        Possible::Unknown(reason) => return Answer::unknown(reason.clone()),
        Possible::OneOf(_) => {}
    }
    let mut result: Option<Answer> = None;
    let mut pending = vec![possible];
    // Iterative: conditions nest as deep as the template wrote them.
    while let Some(possible) = pending.pop() {
        let answer = match possible {
            Possible::OneOf(branches) => {
                pending.extend(branches.iter().rev());
                continue;
            }
            Possible::Known(value) => leaf(value),
            Possible::Absent => absent.clone(),
            Possible::Unknown(reason) => Answer::unknown(reason.clone()),
        };
        result = Some(match result {
            Some(so_far) => so_far.branch(answer),
            None => answer,
        });
    }
    result.unwrap_or(absent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn statement(json: &str) -> Statement {
        let document =
            Document::from_json_text(&format!(r#"{{"Statement": [{json}]}}"#), Span::default());
        document.statements().unwrap()[0].clone()
    }

    fn allow(json: &str, action: &str) -> Answer {
        applies(&statement(json), &Effect::Allow, action).answer
    }

    #[test]
    fn action_lists_match_any_item() {
        let s = r#"{"Effect": "Allow", "Action": ["s3:GetObject", "support:*"], "Resource": "*"}"#;
        assert_eq!(allow(s, "support:CreateCase"), Answer::YES);
        assert_eq!(allow(s, "iam:PassRole"), Answer::NO);
        let applied = applies(&statement(s), &Effect::Allow, "support:CreateCase");
        assert_eq!(applied.pattern.as_deref(), Some("support:*"));
        assert!(!applied.resource_scoped && !applied.iam_condition);
    }

    #[test]
    fn not_action_applies_to_everything_not_listed() {
        let s =
            r#"{"Effect": "Allow", "NotAction": ["iam:*", "Organizations:*"], "Resource": "*"}"#;
        assert_eq!(allow(s, "s3:GetObject"), Answer::YES);
        assert_eq!(allow(s, "IAM:PassRole"), Answer::NO);
        assert_eq!(allow(s, "organizations:ListAccounts"), Answer::NO);
        let applied = applies(&statement(s), &Effect::Allow, "s3:GetObject");
        assert_eq!(
            applied.pattern.as_deref(),
            Some("NotAction iam:*, Organizations:*")
        );
    }

    #[test]
    fn the_effect_must_be_the_one_asked_about() {
        let s = r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#;
        assert_eq!(allow(s, "support:CreateCase"), Answer::NO);
        assert_eq!(
            applies(&statement(s), &Effect::Deny, "support:CreateCase").answer,
            Answer::YES
        );
        assert_eq!(
            allow(r#"{"Effect": "allow", "Action": "*"}"#, "a:b"),
            Answer::NO,
            "effects are case-sensitive"
        );
        assert_eq!(
            allow(r#"{"Effect": "Allow"}"#, "a:b"),
            Answer::NO,
            "no Action or NotAction"
        );
    }

    #[test]
    fn conditions_make_a_statement_apply_only_sometimes() {
        let s = r#"{"Effect": "Allow", "Action": "support:*", "Resource": "arn:aws:support::*:case/x",
                    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#;
        let applied = applies(&statement(s), &Effect::Allow, "support:CreateCase");
        assert_eq!(applied.answer, Answer::SOMETIMES);
        assert!(applied.iam_condition && applied.resource_scoped);
        assert_eq!(allow(s, "iam:PassRole"), Answer::NO);
        assert_eq!(known_conditions(&statement(s)).unwrap().len(), 1);
    }

    #[test]
    fn unknown_and_conditional_items_stay_three_valued() {
        let unknown = Term::Unknown("known after apply".into());
        assert_eq!(
            term_matches(&unknown, "a:b"),
            Answer::unknown("known after apply")
        );
        let either = Term::OneOf(vec![
            Term::Known("iam:*".into()),
            Term::Known("support:*".into()),
        ]);
        assert_eq!(term_matches(&either, "iam:PassRole"), Answer::SOMETIMES);
        let maybe = Term::OneOf(vec![Term::Known("*".into()), Term::Absent]);
        assert_eq!(term_matches(&maybe, "iam:PassRole"), Answer::SOMETIMES);
        let template = Term::Template(vec![crate::graph::Segment::Unknown("x".into())]);
        assert!(
            term_matches(&template, "a:b")
                .unknown_reason()
                .unwrap()
                .contains("not known")
        );
        let list: Possible<Vec<Text>> = Possible::OneOf(vec![
            Possible::Unknown("parameter `Actions` has no default".into()),
            Possible::Absent,
        ]);
        let (answer, _) = any_item_matches(&list, "a:b");
        assert_eq!(answer.must, crate::iam::Truth::No);
        assert!(answer.unknown_reason().is_some());
        let mut conditional = statement(r#"{"Effect": "Allow", "Action": "*"}"#);
        conditional.conditional = true;
        assert_eq!(
            applies(&conditional, &Effect::Allow, "a:b").answer,
            Answer::SOMETIMES
        );
    }

    proptest::proptest! {
        /// A long list is read through its service grouping; the answer and the item
        /// named are those of reading every item in order.
        #[test]
        fn grouped_lists_answer_as_item_by_item(
            patterns in proptest::collection::vec("[aAbK\u{212A}]{0,2}[:*?]?[aAb*?]{0,2}", 16..40),
            action in "[aAbK\u{212A}]{0,2}:?[aAb]{0,2}",
            not_action in proptest::bool::ANY,
        ) {
            let key = if not_action { "NotAction" } else { "Action" };
            let listed = serde_json::to_string(&patterns).unwrap();
            let statement = statement(&format!(r#"{{"Effect": "Allow", "{key}": {listed}}}"#));
            let items = statement.action.as_ref().or(statement.not_action.as_ref()).unwrap();
            let (expected, first) = any_item_matches(items, &action);
            let applied = applies(&statement, &Effect::Allow, &action);
            let expected = if not_action { expected.not() } else { expected };
            proptest::prop_assert_eq!(applied.answer, expected);
            if !not_action {
                proptest::prop_assert_eq!(applied.pattern, first);
            }
        }
    }
}
