//! Truth, equality, membership, ordering and tests of run-time values, three-valued: an
//! unknown value gives a not-evaluable answer, a value that depends on a condition is
//! judged in each branch.

use std::sync::Arc;

use super::value::{Member, Obj, Val};
use crate::iam::Answer;

/// The answer a value stands for: answers as they are, `true`/`false` texts from raw
/// properties as written, a missing value as false.
pub fn truth(value: &Val<'_>) -> Answer {
    match value {
        Val::Bool(answer) => answer.clone(),
        Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
        Val::OneOf(branches) => over_branches(branches, truth),
        Val::Absent | Val::Null => Answer::NO,
        Val::Text(text, _) if text.eq_ignore_ascii_case("true") => Answer::YES,
        Val::Text(text, _) if text.eq_ignore_ascii_case("false") => Answer::NO,
        _ => Answer::unknown("a value that is not true or false"),
    }
}

/// `test` over every branch, combined as alternatives.
pub fn over_branches<'g>(branches: &[Val<'g>], mut test: impl FnMut(&Val<'g>) -> Answer) -> Answer {
    branches
        .iter()
        .map(&mut test)
        .reduce(Answer::branch)
        .unwrap_or(Answer::NO)
}

/// `left == right`.
pub fn equals(left: &Val<'_>, right: &Val<'_>) -> Answer {
    match (left, right) {
        (Val::OneOf(branches), other) | (other, Val::OneOf(branches)) => {
            over_branches(branches, |branch| equals(branch, other))
        }
        (Val::Unknown(unknown), _) | (_, Val::Unknown(unknown)) => {
            Answer::unknown(unknown.reason.clone())
        }
        (Val::Absent | Val::Null, Val::Absent | Val::Null) => Answer::YES,
        (Val::Absent | Val::Null, _) | (_, Val::Absent | Val::Null) => Answer::NO,
        (Val::Text(a, _), Val::Text(b, _)) => Answer::from_bool(a == b),
        (Val::Number(a), Val::Number(b)) => Answer::from_bool(a == b),
        (Val::Number(number), Val::Text(text, _)) | (Val::Text(text, _), Val::Number(number)) => {
            Answer::from_bool(text.parse::<f64>().is_ok_and(|parsed| parsed == *number))
        }
        (Val::Bool(a), Val::Bool(b)) => a.clone().and(b.clone()).or((!a.clone()).and(!b.clone())),
        (Val::Obj(a), Val::Obj(b)) => Answer::from_bool(same_object(a, b)),
        (Val::List(a), Val::List(b)) => lists_equal(a, b),
        _ => Answer::NO,
    }
}

fn lists_equal(a: &[Member<'_>], b: &[Member<'_>]) -> Answer {
    let certain = |list: &[Member<'_>]| list.iter().all(|member| member.held.is_certain());
    if !certain(a) || !certain(b) {
        return Answer::unknown("a list that depends on a condition");
    }
    if a.len() != b.len() {
        return Answer::NO;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| equals(&x.value, &y.value))
        .fold(Answer::YES, Answer::and)
}

/// Whether two graph references are the same thing.
fn same_object(a: &Obj<'_>, b: &Obj<'_>) -> bool {
    match (a, b) {
        (Obj::Node(x), Obj::Node(y)) => x.id == y.id,
        (Obj::Document(x, _), Obj::Document(y, _)) => std::ptr::eq(*x, *y),
        (Obj::Statement(x, ..), Obj::Statement(y, ..)) => std::ptr::eq(*x, *y),
        (Obj::Principal(x), Obj::Principal(y)) => Arc::ptr_eq(x, y),
        (Obj::Condition(x, _), Obj::Condition(y, _)) => std::ptr::eq(*x, *y),
        (Obj::Attachment(x), Obj::Attachment(y)) => std::ptr::eq(x.via, y.via),
        (Obj::Resource(x, _), Obj::Resource(y, _)) => std::ptr::eq(*x, *y),
        (Obj::Raw(x, _), Obj::Raw(y, _)) => std::ptr::eq(*x, *y),
        (Obj::Deleted(x), Obj::Deleted(y)) => std::ptr::eq(*x, *y),
        (Obj::Grant(x), Obj::Grant(y)) => x.action == y.action && x.policy == y.policy,
        _ => false,
    }
}

/// `item in list`: some item the list holds equals it.
pub fn contains(list: &Val<'_>, item: &Val<'_>) -> Answer {
    match list {
        Val::List(members) => contains_at(members, 0..members.len(), item),
        Val::OneOf(branches) => over_branches(branches, |branch| contains(branch, item)),
        Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
        _ => Answer::NO,
    }
}

/// `item in list`, reading only the items at `positions` (ascending): the caller knows
/// that every other item certainly differs from `item`.
pub fn contains_at<'g>(
    members: &[Member<'g>],
    positions: impl Iterator<Item = usize>,
    item: &Val<'g>,
) -> Answer {
    let mut found = Answer::NO;
    for position in positions {
        let member = &members[position];
        found = found.or(member.held.clone().and(equals(item, &member.value)));
        // Nothing further can change a certain yes: stop, so that a test against a long
        // list with repeated values stays linear.
        if found.is_certain() {
            break;
        }
    }
    found
}

/// Whether some item is held (`exists` of a list); other values exist unless absent.
pub fn exists(value: &Val<'_>) -> Answer {
    match value {
        Val::List(members) => members
            .iter()
            .map(|member| member.held.clone())
            .fold(Answer::NO, Answer::or),
        Val::OneOf(branches) => over_branches(branches, exists),
        Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
        Val::Absent | Val::Null => Answer::NO,
        _ => Answer::YES,
    }
}

/// `empty`: no item is held (an empty text is empty too).
pub fn empty(value: &Val<'_>) -> Answer {
    match value {
        Val::Text(text, _) => Answer::from_bool(text.is_empty()),
        Val::OneOf(branches) => over_branches(branches, empty),
        other => !exists(other),
    }
}

/// `is known`: no part is unknown.
pub fn known(value: &Val<'_>) -> Answer {
    match value {
        Val::Unknown(_) => Answer::NO,
        Val::OneOf(branches) => over_branches(branches, known),
        _ => Answer::YES,
    }
}

/// `left OP right` for the ordering operators, on numbers (texts that hold numbers
/// included); a missing value orders as false.
pub fn order(left: &Val<'_>, right: &Val<'_>, test: fn(f64, f64) -> bool) -> Answer {
    match (left, right) {
        (Val::OneOf(branches), other) => {
            over_branches(branches, |branch| order(branch, other, test))
        }
        (other, Val::OneOf(branches)) => {
            over_branches(branches, |branch| order(other, branch, test))
        }
        (Val::Unknown(unknown), _) | (_, Val::Unknown(unknown)) => {
            Answer::unknown(unknown.reason.clone())
        }
        _ => match (as_number(left), as_number(right)) {
            (Some(a), Some(b)) => Answer::from_bool(test(a, b)),
            _ => Answer::NO,
        },
    }
}

fn as_number(value: &Val<'_>) -> Option<f64> {
    match value {
        Val::Number(number) => Some(*number),
        Val::Text(text, _) => text.parse().ok(),
        _ => None,
    }
}

/// `text matches /regex/`.
pub fn matches(text: &Val<'_>, regex: &Val<'_>) -> Answer {
    let Val::Regex(regex) = regex else {
        return Answer::NO;
    };
    match text {
        Val::Text(text, _) => Answer::from_bool(regex.is_match(text)),
        Val::OneOf(branches) => {
            over_branches(branches, |branch| matches(branch, &Val::Regex(regex)))
        }
        Val::Unknown(unknown) => Answer::unknown(unknown.reason.clone()),
        _ => Answer::NO,
    }
}

/// The answer that holds in some possibility of `answer`, in every reading.
pub fn possibly(answer: Answer) -> Answer {
    Answer {
        must: answer.may.clone(),
        may: answer.may,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Val<'static> {
        Val::text(value)
    }

    #[test]
    fn equality_is_three_valued() {
        assert_eq!(equals(&text("a"), &text("a")), Answer::YES);
        assert_eq!(equals(&text("a"), &text("A")), Answer::NO);
        assert!(
            equals(&text("a"), &Val::unknown("later"))
                .unknown_reason()
                .is_some()
        );
        assert_eq!(equals(&Val::Absent, &Val::Null), Answer::YES);
        assert_eq!(equals(&Val::Number(3600.0), &text("3600")), Answer::YES);
    }

    #[test]
    fn branches_make_answers_conditional() {
        let either = Val::OneOf(Arc::new(vec![text("a"), text("b")]));
        assert_eq!(equals(&either, &text("a")), Answer::SOMETIMES);
        assert_eq!(equals(&either, &text("c")), Answer::NO);
    }

    #[test]
    fn lists_hold_items_with_answers() {
        let list = Val::members([
            Member {
                value: text("a"),
                held: Answer::YES,
            },
            Member {
                value: text("b"),
                held: Answer::SOMETIMES,
            },
            Member {
                value: text("c"),
                held: Answer::unknown("later"),
            },
        ]);
        assert_eq!(contains(&list, &text("a")), Answer::YES);
        assert_eq!(contains(&list, &text("b")), Answer::SOMETIMES);
        assert!(contains(&list, &text("c")).unknown_reason().is_some());
        assert_eq!(exists(&list), Answer::YES);
        assert_eq!(empty(&list), Answer::NO);
        let maybe = Val::members([Member {
            value: text("b"),
            held: Answer::SOMETIMES,
        }]);
        assert_eq!(empty(&maybe), !Answer::SOMETIMES);
        let unknown = Val::members([Member {
            value: text("c"),
            held: Answer::unknown("later"),
        }]);
        assert!(empty(&unknown).unknown_reason().is_some());
        assert_eq!(empty(&Val::list([])), Answer::YES);
    }

    #[test]
    fn ordering_reads_numbers_and_texts_of_numbers() {
        assert_eq!(
            order(&Val::Number(7200.0), &text("3600"), |a, b| a > b),
            Answer::YES
        );
        assert_eq!(
            order(&Val::Absent, &Val::Number(1.0), |a, b| a < b),
            Answer::NO
        );
        assert!(
            order(&Val::unknown("x"), &Val::Number(1.0), |a, b| a < b)
                .unknown_reason()
                .is_some()
        );
    }

    #[test]
    fn truth_reads_answers_and_raw_flags() {
        assert_eq!(truth(&text("True")), Answer::YES);
        assert_eq!(truth(&Val::Absent), Answer::NO);
        assert!(truth(&text("maybe")).unknown_reason().is_some());
        assert_eq!(possibly(Answer::SOMETIMES), Answer::YES);
    }
}
