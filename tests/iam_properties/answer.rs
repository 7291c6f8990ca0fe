//! Three-valued logic: `Truth` is Kleene's logic (checked against its truth tables read
//! as numbers, no = 0, unknown = 1/2, yes = 1, with `and` the minimum, `or` the maximum
//! and `not` one minus), and every `Answer` operation keeps `must` from claiming more
//! than `may`.

use proptest::prelude::*;
use supportscan::iam::{Answer, Truth};

/// A truth value; unknowns carry one of a few reasons so that combining two can keep
/// either.
fn truth() -> impl Strategy<Value = Truth> {
    prop_oneof![
        Just(Truth::Yes),
        Just(Truth::No),
        prop_oneof![Just("a"), Just("b")].prop_map(|reason| Truth::Unknown(reason.into())),
    ]
}

/// Kleene's value of a truth, doubled to stay in integers: no 0, unknown 1, yes 2.
fn level(truth: &Truth) -> u8 {
    match truth {
        Truth::No => 0,
        Truth::Unknown(_) => 1,
        Truth::Yes => 2,
    }
}

/// An answer whose `must` is no stronger than its `may`, as `Answer` promises.
fn answer() -> impl Strategy<Value = Answer> {
    (truth(), truth())
        .prop_filter("must claims no more than may", |(must, may)| {
            level(must) <= level(may)
        })
        .prop_map(|(must, may)| Answer { must, may })
}

fn consistent(answer: &Answer) -> bool {
    level(&answer.must) <= level(&answer.may)
}

fn levels(answer: &Answer) -> (u8, u8) {
    (level(&answer.must), level(&answer.may))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn truth_follows_kleene_tables(a in truth(), b in truth()) {
        let (x, y) = (level(&a), level(&b));
        prop_assert_eq!(level(&a.clone().and(b.clone())), x.min(y));
        prop_assert_eq!(level(&a.clone().or(b)), x.max(y));
        prop_assert_eq!(level(&!a), 2 - x);
    }

    #[test]
    fn truth_and_or_are_commutative_and_associative(a in truth(), b in truth(), c in truth()) {
        prop_assert_eq!(level(&a.clone().and(b.clone())), level(&b.clone().and(a.clone())));
        prop_assert_eq!(level(&a.clone().or(b.clone())), level(&b.clone().or(a.clone())));
        prop_assert_eq!(
            level(&a.clone().and(b.clone()).and(c.clone())),
            level(&a.clone().and(b.clone().and(c.clone())))
        );
        prop_assert_eq!(
            level(&a.clone().or(b.clone()).or(c.clone())),
            level(&a.or(b.or(c)))
        );
    }

    #[test]
    fn truth_negation_is_an_involution_and_obeys_de_morgan(a in truth(), b in truth()) {
        prop_assert_eq!(!!a.clone(), a.clone());
        prop_assert_eq!(
            level(&!(a.clone().and(b.clone()))),
            level(&(!a.clone()).or(!b.clone()))
        );
        prop_assert_eq!(level(&!(a.clone().or(b.clone()))), level(&(!a).and(!b)));
    }

    #[test]
    fn an_unknown_reason_comes_from_an_unknown_operand(a in truth(), b in truth()) {
        for combined in [a.clone().and(b.clone()), a.clone().or(b.clone())] {
            if let Truth::Unknown(_) = combined {
                prop_assert!(combined == a || combined == b);
            }
        }
    }

    #[test]
    fn from_bool_round_trips(value in any::<bool>()) {
        prop_assert_eq!(Truth::from_bool(value).is_yes(), value);
        prop_assert_eq!(Truth::from_bool(value).is_no(), !value);
        let answer = Answer::from_bool(value);
        prop_assert_eq!(answer.is_certain(), value);
        prop_assert_eq!(answer.is_never(), !value);
        prop_assert!(!answer.is_conditional());
        prop_assert_eq!(answer.unknown_reason(), None);
    }

    #[test]
    fn answer_operations_keep_must_within_may(a in answer(), b in answer()) {
        prop_assert!(consistent(&a.clone().and(b.clone())));
        prop_assert!(consistent(&a.clone().or(b.clone())));
        prop_assert!(consistent(&a.clone().branch(b.clone())));
        prop_assert!(consistent(&!a.clone()));
        prop_assert!(consistent(&a.in_some_possibility()));
    }

    #[test]
    fn answer_negation_swaps_readings_and_obeys_de_morgan(a in answer(), b in answer()) {
        prop_assert_eq!(!!a.clone(), a.clone());
        prop_assert_eq!(levels(&!a.clone()), (2 - level(&a.may), 2 - level(&a.must)));
        prop_assert_eq!(
            levels(&!(a.clone().and(b.clone()))),
            levels(&(!a.clone()).or(!b.clone()))
        );
        prop_assert_eq!(levels(&!(a.clone().or(b.clone()))), levels(&(!a).and(!b)));
    }

    #[test]
    fn branches_are_certain_only_when_every_branch_is(a in answer(), b in answer()) {
        let branched = a.clone().branch(b.clone());
        prop_assert_eq!(level(&branched.must), level(&a.must).min(level(&b.must)));
        prop_assert_eq!(level(&branched.may), level(&a.may).max(level(&b.may)));
        prop_assert_eq!(levels(&a.clone().branch(b.clone())), levels(&b.branch(a.clone())));
        let some = a.clone().in_some_possibility();
        prop_assert_eq!(levels(&some), (0, level(&a.may)));
    }
}
