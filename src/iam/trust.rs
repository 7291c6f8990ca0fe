//! Who a role's trust policy lets assume the role, and under which conditions.
//!
//! A trust policy is a resource-based policy: an `Allow` statement names the principals
//! it admits (`Principal`), or admits everyone except those named (`NotPrincipal`),
//! for the actions it lists (`sts:AssumeRole` and its SAML and web identity variants),
//! when its `Condition` block holds. `"Principal": "*"` and `{"AWS": "*"}` admit any
//! principal of any account (IAM User Guide, "AWS JSON policy elements: Principal"). An
//! explicit `Deny` still wins over an admission, which is how a trust policy can admit
//! `*` and deny everyone outside an organization: a `Deny` fence (see [`fences`]) counts
//! by what it leaves out, and an admission it closes to known principals is narrowed.
//!
//! Reading a document is linear in its statements: the fences are read once, then each
//! `Allow` statement once.

use std::collections::HashMap;
use std::ops::{Not, Range};

use super::answer::{Answer, StatementRef};
use super::condition::{excludes, narrows};
use super::statement::{any_item_matches, document_statements, known_conditions, over_possible};
use crate::graph::{Document, Effect, Possible, Principal, PrincipalKind, Statement, Term, Text};

/// The actions that assume a role.
const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
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
    /// Whether `Deny` fences of the same document turn away everyone but known
    /// principals for every assume action the statement allows (see [`fences`]).
    pub fenced: Answer,
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
    /// Where the admissions of each statement (by position and span) are.
    by_statement: HashMap<(usize, u32, u32), Range<usize>>,
}

impl Admissions {
    /// The admissions that come from `statement`, found without a scan.
    pub fn of_statement(&self, statement: &Statement) -> &[Admission] {
        self.by_statement
            .get(&(statement.index, statement.span.start, statement.span.end))
            .and_then(|range| self.admissions.get(range.clone()))
            .unwrap_or(&[])
    }
}

/// The principals the `Allow` statements of `trust` admit to assume the role, in every
/// possibility, with their conditions and the fences that close them. Statements that
/// cannot assume the role (`sts:TagSession` only) admit nobody.
pub fn trust_admits(trust: &Document) -> Admissions {
    let (statements, unknown) = document_statements(trust);
    let fences = fences(&statements);
    let mut admissions = Vec::new();
    let mut by_statement = HashMap::new();
    for (statement, in_branch) in statements {
        let start = admissions.len();
        admit(statement, in_branch, &fences, &mut admissions);
        if admissions.len() > start {
            let key = (statement.index, statement.span.start, statement.span.end);
            by_statement
                .entry(key)
                .and_modify(|range: &mut Range<usize>| range.end = admissions.len())
                .or_insert(start..admissions.len());
        }
    }
    // Kept for the whole scan, one per role: most documents admit one principal, which a
    // list grown by pushing would hold in room for four.
    admissions.shrink_to_fit();
    Admissions {
        admissions,
        unknown,
        by_statement,
    }
}

fn admit(
    statement: &Statement,
    in_branch: bool,
    fences: &[Answer; ASSUME_ACTIONS.len()],
    out: &mut Vec<Admission>,
) {
    let allow = over_possible(&statement.effect, Answer::NO, |effect| {
        Answer::from_bool(*effect == Effect::Allow)
    });
    let by_action = assume_by_action(statement);
    let assume = by_action
        .iter()
        .cloned()
        .fold(Answer::NO, Answer::or)
        .and(allow.clone());
    if assume.is_never() {
        return;
    }
    // Closed when every assume action the statement may allow is fenced.
    let fenced = by_action
        .iter()
        .zip(fences)
        .filter(|(allowed, _)| !allowed.is_never())
        .fold(Answer::YES, |so_far, (_, fence)| so_far.and(fence.clone()));
    let conditional = in_branch || statement.conditional || !allow.is_certain();
    let reference = StatementRef {
        index: statement.index,
        sid: statement.sid.as_ref().map(Term::display),
        span: statement.span,
    };
    let narrowed = over_possible(&statement.condition, Answer::NO, |conditions| {
        conditions.iter().fold(Answer::NO, |so_far, condition| {
            so_far.or(narrows(condition))
        })
    });
    let narrowing = known_conditions(statement)
        .unwrap_or_default()
        .into_iter()
        .filter(|condition| narrows(condition).is_certain())
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
            fenced: fenced.clone(),
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

/// Whether the statement's actions include each of the assume actions.
fn assume_by_action(statement: &Statement) -> [Answer; ASSUME_ACTIONS.len()] {
    ASSUME_ACTIONS.map(|action| match (&statement.action, &statement.not_action) {
        (Some(items), _) => any_item_matches(items, action).0,
        (None, Some(items)) => any_item_matches(items, action).0.not(),
        (None, None) => Answer::NO,
    })
}

/// For each assume action, whether a `Deny` fence of the document turns away everyone
/// but known principals. A fence is a `Deny` of the action that applies to everyone
/// (`"Principal": "*"`, `{"AWS": "*"}`) or to everyone but named principals
/// (`NotPrincipal`), every condition of which excludes a narrowing value (see
/// [`excludes`]): whoever it lets through is named or matches such a value. A fence in
/// some branches of a template condition closes only there.
pub fn fences(statements: &[(&Statement, bool)]) -> [Answer; ASSUME_ACTIONS.len()] {
    let mut closed = [Answer::NO, Answer::NO, Answer::NO];
    for (statement, in_branch) in statements {
        let deny = over_possible(&statement.effect, Answer::NO, |effect| {
            Answer::from_bool(*effect == Effect::Deny)
        });
        if deny.is_never() {
            continue;
        }
        let subject = match (&statement.principal, &statement.not_principal) {
            (Some(principal), _) => over_possible(principal, Answer::NO, |principal| {
                Answer::from_bool(names_everyone(principal))
            }),
            (None, Some(named)) => over_possible(named, Answer::NO, leaves_only_named),
            (None, None) => Answer::NO,
        };
        let conditions = over_possible(&statement.condition, Answer::YES, |conditions| {
            conditions.iter().fold(Answer::YES, |so_far, condition| {
                so_far.and(excludes(condition))
            })
        });
        let mut fence = deny.and(subject).and(conditions);
        if *in_branch {
            fence = fence.in_some_possibility();
        }
        for (closed, covers) in closed.iter_mut().zip(assume_by_action(statement)) {
            *closed = closed.clone().or(fence.clone().and(covers));
        }
    }
    closed
}

/// Whether a `Principal` value names everyone.
fn names_everyone(principal: &Principal) -> bool {
    match principal {
        Principal::Any => true,
        Principal::Entries(entries) => entries.iter().any(|entry| {
            entry.kind == PrincipalKind::Aws
                && matches!(&entry.values, Possible::Known(values)
                    if values.iter().any(|value| value.term.known() == Some("*")))
        }),
        Principal::Invalid(_) => false,
    }
}

/// Whether a `NotPrincipal` value leaves out only named principals (not `*`), so that
/// a `Deny` with it applies to everyone else.
fn leaves_only_named(principal: &Principal) -> Answer {
    match principal {
        Principal::Any | Principal::Invalid(_) => Answer::NO,
        Principal::Entries(entries) => entries.iter().fold(Answer::YES, |so_far, entry| {
            let named = over_possible(&entry.values, Answer::YES, |values| {
                values.iter().fold(Answer::YES, |so_far, value| {
                    so_far.and(match &value.term {
                        Term::Unknown(reason) => Answer::unknown(reason.as_ref()),
                        term => Answer::from_bool(
                            term.possibilities()
                                .iter()
                                .all(|term| term.known() != Some("*")),
                        ),
                    })
                })
            });
            so_far.and(named)
        }),
    }
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

/// Whether some `Allow` statement of `trust` lets any principal assume the role without
/// a narrowing condition (docs/rules.md SUP002), in some or every possibility, with the
/// admissions that do. A `Deny` fence that turns away everyone but known principals
/// (`StringNotEquals` on `aws:PrincipalOrgID`, a `NotPrincipal`, say) closes it.
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
        let mut this = anyone.and(admission.assume.clone()).and(
            admission
                .narrowed
                .clone()
                .or(admission.fenced.clone())
                .not(),
        );
        if admission.conditional {
            this = this.in_some_possibility();
        }
        if !this.is_never() {
            open.push(admission);
        }
        answer = answer.or(this);
    }
    (answer, open)
}

/// Whether `trust` admits the service principal `service` (compared case-insensitively)
/// by name, with the admissions that do. `"Principal": "*"` is not counted: a service
/// trusts a role when the role names it.
pub fn trusts_service(trust: &Document, service: &str) -> (Answer, Vec<Admission>) {
    trusts_service_in(&trust_admits(trust), service)
}

/// [`trusts_service`] over a trust document already read ([`trust_admits`]).
pub fn trusts_service_in(read: &Admissions, service: &str) -> (Answer, Vec<Admission>) {
    let mut answer = match &read.unknown {
        Some(reason) => Answer::unknown(reason.as_str()),
        None => Answer::NO,
    };
    let mut found = Vec::new();
    for admission in &read.admissions {
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
            found.push(admission.clone());
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
