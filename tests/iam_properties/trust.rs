//! Trust policies: who `trust_admits` lets assume a role, whether `trusts_service` and
//! `admits_anyone_unnarrowed` answer, against a small model of the IAM rules written
//! here (which statements can assume the role, which principals are anyone, which
//! conditions narrow); statement order does not matter, and a `Deny` never admits more.

use proptest::prelude::*;
use supportscan::graph::Document;
use supportscan::iam::Answer;
use supportscan::iam::trust::{
    Admitted, AnyoneForm, admits_anyone_unnarrowed, trust_admits, trusts_service,
};
use supportscan::source::Span;

use crate::reference;

const ASSUME: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

const PATTERNS: [&str; 10] = [
    "sts:AssumeRole",
    "STS:assumerole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:*",
    "sts:Assume*",
    "*",
    "sts:TagSession",
    "s3:GetObject",
    "sts:AssumeRole?",
];

const AWS_PRINCIPALS: [&str; 4] = [
    "*",
    "123456789012",
    "arn:aws:iam::123456789012:root",
    "arn:aws:iam::123456789012:role/Ops",
];

const SERVICES: [&str; 3] = [
    "supportapp.amazonaws.com",
    "SupportApp.AmazonAWS.com",
    "ec2.amazonaws.com",
];

/// Condition tests and how the IAM rules read them in a trust policy: `narrows` when an
/// `Allow` with it admits only a known organization, account, principal or source
/// (a narrowing key under an operator that fails when the key is missing or differs,
/// with values that pin an owner: `o-*` or an ARN with `*` for its account does not);
/// `excludes` when a `Deny` with it turns away everyone outside such a value (a negated
/// operator, which is true when the key is missing, `IfExists` or not; `ForAnyValue:`
/// is false then, so it excludes only on keys every request carries).
struct ConditionCase {
    operator: &'static str,
    key: &'static str,
    value: &'static str,
    narrows: bool,
    excludes: bool,
}

// One condition a line: operator, key, value, narrows, excludes.
#[rustfmt::skip]
const CONDITIONS: [ConditionCase; 17] = [
    case("StringEquals", "aws:PrincipalOrgID", "o-abc", true, false),
    case("StringLike", "aws:SourceAccount", "1234*", false, false),
    case("StringLike", "aws:SourceAccount", "123456789012", true, false),
    case("StringLike", "aws:PrincipalArn", "*", false, false),
    case("StringLike", "aws:PrincipalOrgID", "o-*", false, false),
    case("ArnLike", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/*", true, false),
    case("StringNotEquals", "aws:PrincipalOrgID", "o-abc", false, true),
    case("StringNotEqualsIfExists", "aws:PrincipalOrgID", "o-abc", false, true),
    case("ForAnyValue:StringNotEquals", "aws:PrincipalOrgID", "o-abc", false, false),
    case("ForAnyValue:StringNotEquals", "aws:PrincipalAccount", "123456789012", false, true),
    case("StringNotLike", "aws:PrincipalOrgID", "o-*", false, false),
    case("Bool", "aws:SecureTransport", "true", false, false),
    case("StringEqualsIfExists", "aws:PrincipalAccount", "123456789012", false, false),
    case("ForAnyValue:StringEquals", "aws:SourceOrgID", "o-abc", true, false),
    case("ArnNotLike", "aws:SourceArn", "arn:aws:iam::*:role/x", false, false),
    case("ArnNotLikeIfExists", "aws:PrincipalArn", "arn:aws:iam::123456789012:role/x", false, true),
    case("StringNotEquals", "aws:RequestedRegion", "us-east-1", false, false),
];

const fn case(
    operator: &'static str,
    key: &'static str,
    value: &'static str,
    narrows: bool,
    excludes: bool,
) -> ConditionCase {
    ConditionCase {
        operator,
        key,
        value,
        narrows,
        excludes,
    }
}

/// Who a statement names.
#[derive(Clone, Debug)]
enum Who {
    Star,
    NotPrincipal,
    /// `(is a service, value)`, in the order written.
    Entries(Vec<(bool, &'static str)>),
}

/// A trust statement; condition operators and keys are written in `upper` case or as
/// listed.
#[derive(Clone, Debug)]
struct Model {
    deny: bool,
    who: Who,
    not_action: bool,
    actions: Vec<&'static str>,
    conditions: Vec<usize>,
    upper: bool,
}

fn model() -> impl Strategy<Value = Model> {
    let entry = prop_oneof![
        prop::sample::select(&AWS_PRINCIPALS[..]).prop_map(|value| (false, value)),
        prop::sample::select(&SERVICES[..]).prop_map(|value| (true, value)),
    ];
    let who = prop_oneof![
        1 => Just(Who::Star),
        1 => Just(Who::NotPrincipal),
        4 => prop::collection::vec(entry, 1..4).prop_map(Who::Entries),
    ];
    (
        prop::bool::weighted(0.3),
        who,
        prop::bool::weighted(0.2),
        prop::sample::subsequence(&PATTERNS[..], 1..3),
        prop::sample::subsequence((0..CONDITIONS.len()).collect::<Vec<_>>(), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(deny, who, not_action, actions, conditions, upper)| Model {
                deny,
                who,
                not_action,
                actions,
                conditions,
                upper,
            },
        )
}

/// A `Deny` of assuming the role to everyone, under conditions that exclude everyone
/// outside a value (and, sometimes, others that do not), which random statements would
/// seldom write.
fn denial() -> impl Strategy<Value = Model> {
    let excluding: Vec<usize> = (0..CONDITIONS.len())
        .filter(|&index| CONDITIONS[index].excludes)
        .collect();
    (
        prop::sample::subsequence(excluding, 1..3),
        prop::option::weighted(0.3, 0..CONDITIONS.len()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(mut conditions, other, star, upper)| {
            conditions.extend(other.filter(|index| !conditions.contains(index)));
            Model {
                deny: true,
                who: if star {
                    Who::Star
                } else {
                    Who::Entries(vec![(false, "*")])
                },
                not_action: false,
                actions: vec!["sts:AssumeRole"],
                conditions,
                upper,
            }
        })
}

fn quoted(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
    format!("[{}]", items.join(", "))
}

impl Model {
    /// The statement as JSON, written by hand so that principal kinds keep their order.
    fn json(&self) -> String {
        let effect = if self.deny { "Deny" } else { "Allow" };
        let who = match &self.who {
            Who::Star => r#""Principal": "*""#.to_owned(),
            Who::NotPrincipal => r#""NotPrincipal": {"AWS": "111122223333"}"#.to_owned(),
            Who::Entries(entries) => {
                let of = |service: bool| -> Vec<&str> {
                    entries
                        .iter()
                        .filter(|(s, _)| *s == service)
                        .map(|(_, v)| *v)
                        .collect()
                };
                let mut kinds = Vec::new();
                for (name, service) in [("AWS", false), ("Service", true)] {
                    if !of(service).is_empty() {
                        kinds.push(format!("{name:?}: {}", quoted(&of(service))));
                    }
                }
                format!(r#""Principal": {{{}}}"#, kinds.join(", "))
            }
        };
        let actions = if self.not_action {
            "NotAction"
        } else {
            "Action"
        };
        let mut operators: Vec<(String, Vec<String>)> = Vec::new();
        for case in self.conditions.iter().map(|&index| &CONDITIONS[index]) {
            let (operator, key) = self.written(case);
            let test = format!("{key:?}: {:?}", case.value);
            match operators
                .iter_mut()
                .find(|(written, _)| *written == operator)
            {
                Some((_, tests)) => tests.push(test),
                None => operators.push((operator, vec![test])),
            }
        }
        let conditions: Vec<String> = operators
            .iter()
            .map(|(operator, tests)| format!("{operator:?}: {{{}}}", tests.join(", ")))
            .collect();
        format!(
            r#"{{"Effect": "{effect}", {who}, "{actions}": {}, "Condition": {{{}}}}}"#,
            quoted(&self.actions),
            conditions.join(", ")
        )
    }

    fn written(&self, case: &ConditionCase) -> (String, String) {
        if self.upper {
            (case.operator.to_uppercase(), case.key.to_uppercase())
        } else {
            (case.operator.to_owned(), case.key.to_owned())
        }
    }

    fn assumes(&self) -> bool {
        ASSUME.iter().any(|action| self.covers(action))
    }

    /// Whether the statement's actions include `action`.
    fn covers(&self, action: &str) -> bool {
        let listed = self.actions.iter().any(|p| reference(p).is_match(action));
        listed != self.not_action
    }

    /// Whether a `Deny` statement turns away everyone but named principals, or those
    /// matching an excluding condition's value, from `action`.
    fn fences(&self, action: &str) -> bool {
        self.deny
            && (self.everyone() || matches!(self.who, Who::NotPrincipal))
            && self.covers(action)
            && self
                .conditions
                .iter()
                .all(|&index| CONDITIONS[index].excludes)
    }

    fn admits(&self) -> bool {
        !self.deny && self.assumes()
    }

    fn narrowed(&self) -> bool {
        self.conditions
            .iter()
            .any(|&index| CONDITIONS[index].narrows)
    }

    /// Whether the statement names everyone (`*` or `{"AWS": "*"}`).
    fn everyone(&self) -> bool {
        match &self.who {
            Who::Star => true,
            Who::NotPrincipal => false,
            Who::Entries(entries) => entries.contains(&(false, "*")),
        }
    }

    /// The principals admitted, in the order the statement writes them.
    fn admitted(&self) -> Vec<Admitted> {
        match &self.who {
            Who::Star => vec![Admitted::Anyone(AnyoneForm::Star)],
            Who::NotPrincipal => vec![Admitted::Anyone(AnyoneForm::NotPrincipal)],
            Who::Entries(entries) => {
                let aws = entries
                    .iter()
                    .filter(|(service, _)| !service)
                    .map(|(_, value)| match *value {
                        "*" => Admitted::Anyone(AnyoneForm::AwsStar),
                        "123456789012" | "arn:aws:iam::123456789012:root" => {
                            Admitted::Account(value.to_string())
                        }
                        _ => Admitted::Arn(value.to_string()),
                    });
                let services = entries
                    .iter()
                    .filter(|(service, _)| *service)
                    .map(|(_, value)| Admitted::Service(value.to_string()));
                aws.chain(services).collect()
            }
        }
    }
}

fn trust(statements: &[Model]) -> Document {
    let statements: Vec<String> = statements.iter().map(Model::json).collect();
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(", ")
    );
    let document = Document::from_json_text(&text, Span::default());
    assert!(document.statements().is_some(), "{text} did not parse");
    document
}

fn trusts_by_model(statements: &[Model], service: &str) -> Answer {
    Answer::from_bool(statements.iter().any(|statement| {
        statement.admits()
            && matches!(&statement.who, Who::Entries(entries)
            if entries.iter().any(|(is_service, value)| {
                *is_service && value.to_lowercase() == service.to_lowercase()
            }))
    }))
}

/// Open when an `Allow` admits anyone without a narrowing condition, unless fences
/// close every assume action it allows.
fn open_by_model(statements: &[Model]) -> Answer {
    let fenced = |action: &&str| statements.iter().any(|fence| fence.fences(action));
    Answer::from_bool(statements.iter().any(|statement| {
        statement.admits()
            && (statement.everyone() || matches!(statement.who, Who::NotPrincipal))
            && !statement.narrowed()
            && !ASSUME
                .iter()
                .filter(|action| statement.covers(action))
                .all(fenced)
    }))
}

fn level(answer: &Answer) -> u8 {
    match (answer.must.is_yes(), answer.may.is_yes()) {
        (true, _) => 2,
        (false, true) => 1,
        (false, false) => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn admissions_are_the_allowed_principals_that_can_assume(
        statements in prop::collection::vec(model(), 1..4)
    ) {
        let read = trust_admits(&trust(&statements));
        prop_assert_eq!(read.unknown, None);
        let mut expected = Vec::new();
        for (index, statement) in statements.iter().enumerate().filter(|(_, s)| s.admits()) {
            for who in statement.admitted() {
                expected.push((index, who, statement.narrowed(), !statement.conditions.is_empty()));
            }
        }
        let actual: Vec<_> = read
            .admissions
            .iter()
            .map(|a| (a.statement.index, a.who.clone(), a.narrowed.is_certain(), a.iam_condition))
            .collect();
        prop_assert_eq!(actual, expected);
        for admission in &read.admissions {
            prop_assert_eq!(&admission.assume, &Answer::YES);
            prop_assert_eq!(&admission.narrowed, &Answer::from_bool(!admission.narrowing.is_empty()));
            prop_assert!(!admission.conditional);
        }
    }

    #[test]
    fn a_trust_admits_a_service_as_the_model_does(
        statements in prop::collection::vec(model(), 1..4),
        service in prop::sample::select(&SERVICES[..]),
        upper in any::<bool>(),
    ) {
        let asked = if upper { service.to_uppercase() } else { service.to_owned() };
        let (answer, _) = trusts_service(&trust(&statements), &asked);
        prop_assert_eq!(answer, trusts_by_model(&statements, &asked));
    }

    #[test]
    fn a_trust_admits_anyone_unnarrowed_as_the_model_does(
        mut statements in prop::collection::vec(model(), 1..4),
        denial in prop::option::of(denial()),
        at in any::<prop::sample::Index>(),
    ) {
        if let Some(denial) = denial {
            statements.insert(at.index(statements.len() + 1), denial);
        }
        let (answer, _) = admits_anyone_unnarrowed(&trust(&statements));
        prop_assert_eq!(answer, open_by_model(&statements));
    }

    #[test]
    fn statement_order_does_not_change_the_answers(
        (statements, shuffled) in prop::collection::vec(model(), 2..5)
            .prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle()))
    ) {
        let (before, after) = (trust(&statements), trust(&shuffled));
        prop_assert_eq!(admits_anyone_unnarrowed(&before).0, admits_anyone_unnarrowed(&after).0);
        for service in SERVICES {
            prop_assert_eq!(trusts_service(&before, service).0, trusts_service(&after, service).0);
        }
    }

    #[test]
    fn adding_a_deny_never_admits_more(
        statements in prop::collection::vec(model(), 1..4),
        deny in model(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut with_deny = statements.clone();
        with_deny.insert(at.index(statements.len() + 1), Model { deny: true, ..deny });
        let (before, after) = (trust(&statements), trust(&with_deny));
        prop_assert!(
            level(&admits_anyone_unnarrowed(&after).0) <= level(&admits_anyone_unnarrowed(&before).0)
        );
        for service in SERVICES {
            prop_assert!(level(&trusts_service(&after, service).0) <= level(&trusts_service(&before, service).0));
        }
    }

    #[test]
    fn a_trust_of_one_service_trusts_it_and_no_other(
        service in "[a-z]{1,8}\\.amazonaws\\.com",
        other in "[a-z]{1,8}\\.amazonaws\\.com",
        upper in any::<bool>(),
    ) {
        let text = format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Principal": {{"Service": "{service}"}}, "Action": "sts:AssumeRole"}}]}}"#
        );
        let trust = Document::from_json_text(&text, Span::default());
        let asked = if upper { service.to_uppercase() } else { service.clone() };
        prop_assert_eq!(trusts_service(&trust, &asked).0, Answer::YES);
        prop_assert_eq!(trusts_service(&trust, &other).0, Answer::from_bool(other == service));
        prop_assert_eq!(admits_anyone_unnarrowed(&trust).0, Answer::NO);
    }

    #[test]
    fn a_wildcard_in_the_owner_never_narrows_and_a_fence_of_it_never_closes(
        org in "[a-z0-9]{10,12}",
        cut in any::<prop::sample::Index>(),
        account in "[0-9]{12}",
        operator in prop::sample::select(&["StringLike", "ForAnyValue:StringLike", "ArnLike"][..]),
    ) {
        let at = cut.index(org.len());
        let wild_org = format!("o-{}*", &org[..at]);
        let wild_arn = format!("arn:aws:iam::{}*:role/ops", &account[..at.min(11)]);
        let allow = |key: &str, value: &str| format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {{"{operator}": {{"{key}": "{value}"}}}}}}"#
        );
        let open = |statements: &[String]| {
            let text = format!(r#"{{"Statement": [{}]}}"#, statements.join(", "));
            admits_anyone_unnarrowed(&Document::from_json_text(&text, Span::default())).0
        };
        prop_assert_eq!(open(&[allow("aws:PrincipalOrgID", &format!("o-{org}"))]), Answer::NO);
        prop_assert_eq!(open(&[allow("aws:PrincipalOrgID", &wild_org)]), Answer::YES);
        prop_assert_eq!(
            open(&[allow("aws:PrincipalArn", &format!("arn:aws:iam::{account}:role/*"))]),
            Answer::NO
        );
        prop_assert_eq!(open(&[allow("aws:PrincipalArn", &wild_arn)]), Answer::YES);
        let everyone = r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#.to_owned();
        let fence = |value: &str| format!(
            r#"{{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {{"StringNotLike": {{"aws:PrincipalOrgID": "{value}"}}}}}}"#
        );
        prop_assert_eq!(open(&[everyone.clone(), fence(&format!("o-{org}"))]), Answer::NO);
        prop_assert_eq!(open(&[everyone, fence(&wild_org)]), Answer::YES);
    }
}
