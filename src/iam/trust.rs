//! Who a role's trust policy lets assume the role, and under which conditions.
//!
//! A trust policy is a resource-based policy: an `Allow` statement names the principals
//! it admits (`Principal`), or admits everyone except those named (`NotPrincipal`),
//! for the actions it lists (`sts:AssumeRole` and its SAML and web identity variants),
//! when its `Condition` block holds. `"Principal": "*"` and `{"AWS": "*"}` admit any
//! principal of any account (IAM User Guide, "AWS JSON policy elements: Principal"). An
//! explicit `Deny` still wins over an admission, which is how a trust policy can admit
//! `*` and deny everyone outside an organization.

use std::ops::Not;

use super::answer::{Answer, StatementRef};
use super::statement::{any_item_matches, document_statements, known_conditions, over_possible};
use crate::graph::{
    Condition, Document, Effect, Possible, Principal, PrincipalKind, Statement, Term, Text,
};

/// The actions that assume a role.
const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

/// The condition keys that narrow who may assume a role to a known organization,
/// account, principal or source (RULES.md, SUP002), lower-cased (keys are
/// case-insensitive).
const NARROWING_KEYS: [&str; 10] = [
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "aws:username",
];

/// The operators that narrow when used on a narrowing key: they fail when the key is
/// missing or differs. Negated operators (`StringNotEquals`) admit every other value,
/// `Null` only tests presence, `...IfExists` admits requests without the key, and
/// `ForAllValues:` is true when the key is missing: none of them narrows.
const NARROWING_OPERATORS: [&str; 5] = [
    "stringequals",
    "stringequalsignorecase",
    "stringlike",
    "arnequals",
    "arnlike",
];

/// The negated forms that, in a `Deny` statement, deny everyone outside the value.
const EXCLUDING_OPERATORS: [&str; 4] = [
    "stringnotequals",
    "stringnotlike",
    "arnnotequals",
    "arnnotlike",
];

/// Who an admission lets in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admitted {
    /// Any principal.
    Anyone(AnyoneForm),
    /// An account: its ID, or its `:root` ARN, as written.
    Account(String),
    /// A role, user or session ARN, as written.
    Arn(String),
    /// An AWS service principal (`supportapp.amazonaws.com`).
    Service(String),
    /// An identity provider.
    Federated(String),
    /// A canonical user ID.
    CanonicalUser(String),
    /// Another principal kind, as written (IAM rejects it).
    Other(String),
    /// A principal not known before deployment, with the reason.
    Unknown(String),
    /// A value under the `AWS` key not known before deployment: an account, an ARN or
    /// `*`, but never a service, so questions about services need not wait for it.
    UnknownAws(String),
}

/// How a statement admits anyone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnyoneForm {
    /// `"Principal": "*"`.
    Star,
    /// `"Principal": {"AWS": "*"}`.
    AwsStar,
    /// `NotPrincipal` with `Allow`: everyone but the principals listed.
    NotPrincipal,
}

/// One principal an `Allow` statement of a trust policy admits.
#[derive(Clone, Debug, PartialEq)]
pub struct Admission {
    /// Who.
    pub who: Admitted,
    /// The statement.
    pub statement: StatementRef,
    /// Whether the statement allows assuming the role (`sts:AssumeRole*`).
    pub assume: Answer,
    /// Whether a condition narrows the statement to known principals (see
    /// [`NarrowingCondition`]).
    pub narrowed: Answer,
    /// The narrowing conditions of the statement.
    pub narrowing: Vec<NarrowingCondition>,
    /// Whether the statement has any IAM condition.
    pub iam_condition: bool,
    /// Whether the statement, or this principal, exists only in some possibilities.
    pub conditional: bool,
}

/// A condition that limits who may assume a role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NarrowingCondition {
    /// The operator as written.
    pub operator: String,
    /// The key as written.
    pub key: String,
}

/// Everything a trust policy admits, or why it cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Admissions {
    /// The admissions, in statement order.
    pub admissions: Vec<Admission>,
    /// Why part of the document is not known, when it is not.
    pub unknown: Option<String>,
}

/// The principals the `Allow` statements of `trust` admit to assume the role, in every
/// possibility, with their conditions. Statements that cannot assume the role
/// (`sts:TagSession` only) admit nobody.
pub fn trust_admits(trust: &Document) -> Admissions {
    let (statements, unknown) = document_statements(trust);
    let mut admissions = Vec::new();
    for (statement, in_branch) in statements {
        admit(statement, in_branch, &mut admissions);
    }
    Admissions {
        admissions,
        unknown,
    }
}

fn admit(statement: &Statement, in_branch: bool, out: &mut Vec<Admission>) {
    let allow = over_possible(&statement.effect, Answer::NO, |effect| {
        Answer::from_bool(*effect == Effect::Allow)
    });
    let assume = assume_answer(statement).and(allow.clone());
    if assume.is_never() {
        return;
    }
    let conditional = in_branch || statement.conditional || !allow.is_certain();
    let reference = StatementRef {
        index: statement.index,
        sid: statement.sid.as_ref().map(Term::display),
        span: statement.span,
    };
    let narrowed = over_possible(&statement.condition, Answer::NO, |conditions| {
        Answer::from_bool(conditions.iter().any(narrows))
    });
    let narrowing = known_conditions(statement)
        .unwrap_or_default()
        .into_iter()
        .filter(|condition| narrows(condition))
        .map(|condition| NarrowingCondition {
            operator: condition.operator.to_string(),
            key: condition.key.to_string(),
        })
        .collect::<Vec<_>>();
    let mut push = |who: Admitted, branch: bool| {
        out.push(Admission {
            who,
            statement: reference.clone(),
            assume: assume.clone(),
            narrowed: narrowed.clone(),
            narrowing: narrowing.clone(),
            iam_condition: super::statement::has_conditions(statement),
            conditional: conditional || branch,
        })
    };
    if statement.not_principal.is_some() {
        push(Admitted::Anyone(AnyoneForm::NotPrincipal), false);
    }
    if let Some(principal) = &statement.principal {
        for (who, branch) in principals(principal) {
            push(who, branch);
        }
    }
}

/// Whether the statement's actions include assuming the role.
fn assume_answer(statement: &Statement) -> Answer {
    ASSUME_ACTIONS.iter().fold(Answer::NO, |so_far, action| {
        let matched = match (&statement.action, &statement.not_action) {
            (Some(items), _) => any_item_matches(items, action).0,
            (None, Some(items)) => any_item_matches(items, action).0.not(),
            (None, None) => Answer::NO,
        };
        so_far.or(matched)
    })
}

/// The principals of a `Principal` value, each with whether it exists only in some
/// possibilities.
fn principals(principal: &Possible<Principal>) -> Vec<(Admitted, bool)> {
    let mut out = Vec::new();
    let mut pending = vec![(principal, false)];
    while let Some((possible, branch)) = pending.pop() {
        match possible {
            Possible::Known(Principal::Any) => {
                out.push((Admitted::Anyone(AnyoneForm::Star), branch))
            }
            Possible::Known(Principal::Invalid(text)) => {
                out.push((Admitted::Other(text.to_string()), branch))
            }
            Possible::Known(Principal::Entries(entries)) => {
                for entry in entries {
                    entry_values(&entry.kind, &entry.values, branch, &mut out);
                }
            }
            Possible::OneOf(branches) => pending.extend(branches.iter().rev().map(|b| (b, true))),
            Possible::Absent => {}
            Possible::Unknown(reason) => out.push((Admitted::Unknown(reason.to_string()), branch)),
        }
    }
    out
}

fn entry_values(
    kind: &PrincipalKind,
    values: &Possible<Vec<Text>>,
    branch: bool,
    out: &mut Vec<(Admitted, bool)>,
) {
    let mut pending = vec![(values, branch)];
    while let Some((possible, branch)) = pending.pop() {
        match possible {
            Possible::Known(texts) => {
                for text in texts {
                    for term in text.term.possibilities() {
                        let in_branch = branch || matches!(text.term, Term::OneOf(_));
                        out.push((admitted(kind, term), in_branch));
                    }
                }
            }
            Possible::OneOf(branches) => pending.extend(branches.iter().rev().map(|b| (b, true))),
            Possible::Absent => {}
            Possible::Unknown(reason) => out.push((unknown(kind, reason), branch)),
        }
    }
}

/// A principal of `kind` not known before deployment.
fn unknown(kind: &PrincipalKind, reason: &str) -> Admitted {
    match kind {
        PrincipalKind::Aws => Admitted::UnknownAws(reason.to_owned()),
        _ => Admitted::Unknown(reason.to_owned()),
    }
}

fn admitted(kind: &PrincipalKind, term: &Term) -> Admitted {
    let text = match term {
        Term::Unknown(reason) => return unknown(kind, reason),
        other => other.display(),
    };
    match kind {
        PrincipalKind::Aws if text == "*" => Admitted::Anyone(AnyoneForm::AwsStar),
        PrincipalKind::Aws if is_account(&text) => Admitted::Account(text),
        PrincipalKind::Aws => Admitted::Arn(text),
        PrincipalKind::Service => Admitted::Service(text),
        PrincipalKind::Federated => Admitted::Federated(text),
        PrincipalKind::CanonicalUser => Admitted::CanonicalUser(text),
        PrincipalKind::Other(key) => Admitted::Other(format!("{key}: {text}")),
    }
}

/// An account ID, or an account's `:root` ARN.
fn is_account(text: &str) -> bool {
    (text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())) || text.ends_with(":root")
}

/// Whether a condition narrows who may assume the role: a narrowing key (RULES.md
/// SUP002) under an operator that fails when the key is missing or differs, with a
/// value that is not only wildcards.
pub fn narrows(condition: &Condition) -> bool {
    let key = condition.key.to_ascii_lowercase();
    let operator = condition.operator.to_ascii_lowercase();
    let operator = operator.strip_prefix("foranyvalue:").unwrap_or(&operator);
    NARROWING_KEYS.contains(&key.as_str())
        && NARROWING_OPERATORS.contains(&operator)
        && !only_wildcards(&condition.values)
}

fn only_wildcards(values: &Possible<Vec<Text>>) -> bool {
    values.known_values().is_some_and(|lists| {
        lists.into_iter().flatten().all(|value| {
            value
                .term
                .known()
                .is_some_and(|text| text.chars().all(|c| c == '*'))
        })
    })
}

/// Whether some `Allow` statement of `trust` lets any principal assume the role without
/// a narrowing condition (RULES.md SUP002), in some or every possibility, with the
/// admissions that do. A `Deny` for everyone outside a narrowing value (`StringNotEquals`
/// on `aws:PrincipalOrgID`, say) that applies in every possibility closes it.
pub fn admits_anyone_unnarrowed(trust: &Document) -> (Answer, Vec<Admission>) {
    let read = trust_admits(trust);
    let mut answer = match &read.unknown {
        Some(reason) => Answer::unknown(reason.as_str()),
        None => Answer::NO,
    };
    let mut open = Vec::new();
    for admission in read.admissions {
        let anyone = match &admission.who {
            Admitted::Anyone(_) => Answer::YES,
            Admitted::Unknown(reason) | Admitted::UnknownAws(reason) => {
                Answer::unknown(reason.as_str())
            }
            _ => continue,
        };
        let mut this = anyone
            .and(admission.assume.clone())
            .and(admission.narrowed.clone().not());
        if admission.conditional {
            this = this.in_some_possibility();
        }
        if !this.is_never() {
            open.push(admission);
        }
        answer = answer.or(this);
    }
    if denies_outside_narrowing(trust) {
        answer = Answer::NO;
    }
    (answer, open)
}

/// Whether a `Deny` for all principals, present in every possibility, excludes everyone
/// outside a narrowing value (and nothing else conditions it).
fn denies_outside_narrowing(trust: &Document) -> bool {
    let Possible::Known(body) = &trust.body else {
        return false;
    };
    body.statements.iter().any(|statement| {
        let everyone = matches!(&statement.principal, Some(Possible::Known(Principal::Any)))
            || matches!(&statement.principal, Some(Possible::Known(Principal::Entries(entries)))
                if entries.iter().any(|e| e.kind == PrincipalKind::Aws
                    && matches!(&e.values, Possible::Known(v) if v.iter().any(|t| t.term.known() == Some("*")))));
        let conditions = match &statement.condition {
            Possible::Known(conditions) if !conditions.is_empty() => conditions,
            _ => return false,
        };
        let excluding = conditions.iter().all(|condition| {
            let operator = condition.operator.to_ascii_lowercase();
            NARROWING_KEYS.contains(&condition.key.to_ascii_lowercase().as_str())
                && EXCLUDING_OPERATORS.contains(&operator.as_str())
                && !only_wildcards(&condition.values)
        });
        !statement.conditional
            && statement.effect == Possible::Known(Effect::Deny)
            && everyone
            && excluding
            && assume_answer(statement).is_certain()
    })
}

/// Whether `trust` admits the service principal `service` (compared case-insensitively)
/// by name, with the admissions that do. `"Principal": "*"` is not counted: a service
/// trusts a role when the role names it.
pub fn trusts_service(trust: &Document, service: &str) -> (Answer, Vec<Admission>) {
    let read = trust_admits(trust);
    let mut answer = match &read.unknown {
        Some(reason) => Answer::unknown(reason.as_str()),
        None => Answer::NO,
    };
    let mut found = Vec::new();
    for admission in read.admissions {
        let named = match &admission.who {
            Admitted::Service(name) => Answer::from_bool(name.eq_ignore_ascii_case(service)),
            Admitted::Unknown(reason) => Answer::unknown(reason.as_str()),
            _ => continue,
        };
        let mut this = named.and(admission.assume.clone());
        if admission.conditional {
            this = this.in_some_possibility();
        }
        if !this.is_never() {
            found.push(admission);
        }
        answer = answer.or(this);
    }
    (answer, found)
}

/// Whether a principal is, or may be, a service: a service principal, or one not known
/// before deployment (which a question about services must treat as not evaluable).
pub fn may_be_service(who: &Admitted) -> bool {
    matches!(who, Admitted::Service(_) | Admitted::Unknown(_))
}

/// The service principals `trust` admits, and those not known before deployment, with
/// their admissions.
pub fn service_principals(trust: &Document) -> Vec<Admission> {
    trust_admits(trust)
        .admissions
        .into_iter()
        .filter(|admission| may_be_service(&admission.who))
        .collect()
}

#[cfg(test)]
#[path = "trust_tests.rs"]
mod tests;
