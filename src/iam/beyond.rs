//! Which allowed action patterns reach beyond a set of actions (docs/rules.md APP002: a
//! Support App role allowed more than the App action set), and whether they stay inside
//! the Support services or reach another service.
//!
//! A pattern reaches beyond the set when some action it matches is outside the set and
//! is actually allowed: no explicit `Deny` takes it away and every permissions boundary
//! allows it (IAM User Guide, "Policy evaluation logic"). Patterns are tested on
//! witnesses: the published actions they match ([`super::catalog`]), so that
//! `cloudwatch:Get*` is witnessed by `cloudwatch:GetMetricData`; a pattern of a service
//! the catalog does not list (newer than the catalog) is witnessed by two actions built
//! from the pattern itself. `NotAction` with `Allow` is witnessed by every published
//! action it does not list.

use super::answer::{Answer, Evidence};
use std::borrow::Cow;

use super::catalog::{ServiceAction, all_actions, expand, is_known_service};
use super::evaluate::{gate, statement_evidence};
use super::pattern::{contains_action, has_wildcard, is_support_service_action, service_of};
use super::policies::{Attached, PolicySet, Source, policy_set};
use super::statement::{Applies, applies, document_statements};
use crate::graph::{Effect, Graph, NodeId, Possible, Statement, Term};

/// Well-known actions of other services, tried first so that a message's examples show
/// them: each is a step towards taking over an account or
/// reading its data.
const OTHER_SERVICE_WITNESSES: [&str; 8] = [
    "iam:PassRole",
    "iam:CreateUser",
    "iam:AttachRolePolicy",
    "sts:AssumeRole",
    "s3:GetObject",
    "ec2:RunInstances",
    "kms:Decrypt",
    "organizations:ListAccounts",
];

/// Where an allowed pattern reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Only the Support services ([`super::pattern::SUPPORT_SERVICES`]).
    SupportServices,
    /// At least one other service.
    OtherServices,
}

/// One allowed pattern that reaches beyond the set.
#[derive(Clone, Debug, PartialEq)]
pub struct BeyondGrant {
    /// The statement and pattern (`iam:*`, `NotAction support:*`).
    pub evidence: Evidence,
    /// Where it reaches.
    pub reach: Reach,
    /// Whether it takes effect (conditionally, under an IAM condition, or certainly).
    pub answer: Answer,
    /// Real actions it allows beyond the set, as examples for a message (at most five;
    /// empty when only a built witness showed it).
    pub examples: Vec<String>,
}

/// What a principal is allowed beyond a set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Beyond {
    /// The patterns that reach beyond it, in policy and statement order.
    pub grants: Vec<BeyondGrant>,
    /// Why some policy or pattern could not be read: it may allow more.
    pub unknown: Vec<String>,
}

impl Beyond {
    /// Where the grants reach together: `None` when none reaches beyond.
    pub fn reach(&self) -> Option<Reach> {
        self.grants
            .iter()
            .map(|grant| grant.reach)
            .max_by_key(|reach| *reach == Reach::OtherServices)
    }
}

/// The allowed patterns of `principal` that reach beyond `set` (concrete actions, such as
/// [`super::catalog::app_actions_with_slr`]).
pub fn actions_beyond(graph: &Graph, principal: NodeId, set: &[&str]) -> Beyond {
    let policies = policy_set(graph, principal);
    let deniers = that_may_deny(&policies);
    let mut beyond = Beyond::default();
    for attached in &policies.identity {
        let document = match &attached.source {
            Source::Document { document, .. } => *document,
            Source::Unknown { reason, .. } => {
                beyond.unknown.push(reason.clone());
                continue;
            }
        };
        let (statements, unknown) = document_statements(document);
        beyond.unknown.extend(unknown);
        for (statement, _) in statements {
            if statement.effect == Possible::Known(Effect::Deny) {
                continue;
            }
            grants_of(&deniers, attached, statement, set, &mut beyond);
        }
    }
    beyond
}

/// The policies that can take an allowed action away: the boundaries, and the identity
/// policies with a statement that is not certainly an `Allow` or a document not fully
/// known. Gating a witness over these alone gives the same answer, and a role with
/// ReadOnlyAccess (2,900 patterns, none denying) is not evaluated 2,900 times over.
fn that_may_deny<'g>(policies: &PolicySet<'g>) -> PolicySet<'g> {
    let may_deny = |attached: &&Attached<'g>| match &attached.source {
        Source::Document { document, .. } => {
            let (statements, unknown) = document_statements(document);
            unknown.is_some()
                || statements
                    .iter()
                    .any(|(statement, _)| statement.effect != Possible::Known(Effect::Allow))
        }
        Source::Unknown { may_deny, .. } => *may_deny,
    };
    PolicySet {
        identity: policies.identity.iter().filter(may_deny).cloned().collect(),
        boundaries: policies.boundaries.clone(),
    }
}

fn grants_of(
    deniers: &PolicySet<'_>,
    attached: &Attached<'_>,
    statement: &Statement,
    set: &[&str],
    out: &mut Beyond,
) {
    // Each pattern's witnesses, and the pattern when it is written plainly in the one
    // action list: the statement then applies to each of its witnesses alike (the item
    // matches them all), so `applies` runs once for all plain patterns of the statement,
    // not once per witness (ReadOnlyAccess lists 1,500 patterns in one statement).
    let mut patterns: Vec<(Vec<Witness>, Option<&str>)> = Vec::new();
    match (&statement.action, &statement.not_action) {
        (Some(items), _) => match items.known_values() {
            Some(lists) => {
                let one_list = lists.len() == 1;
                for item in lists.into_iter().flatten() {
                    let plain = match &item.term {
                        Term::Known(pattern) if one_list => Some(&**pattern),
                        _ => None,
                    };
                    for term in item.term.possibilities() {
                        match term {
                            Term::Known(pattern) => patterns.push((witnesses(pattern), plain)),
                            other => out.unknown.push(format!(
                                "the action `{}` is not known before deployment",
                                other.display()
                            )),
                        }
                    }
                }
            }
            None => out
                .unknown
                .push("an action list is not known before deployment".to_owned()),
        },
        (None, Some(_)) => patterns.push((all_witnesses(), None)),
        (None, None) => {}
    }
    let mut shared: Option<Applies> = None;
    for (candidates, plain) in patterns {
        let mut answer = Answer::NO;
        let mut evidence = None;
        let mut reach = Reach::SupportServices;
        let mut examples = Vec::new();
        // Once certain (or, for a conditional attachment, possible) with another service
        // and five examples, more witnesses change nothing: `*` stops after a few.
        let best = if attached.conditional {
            Answer::SOMETIMES
        } else {
            Answer::YES
        };
        for Witness { action, built } in &candidates {
            if answer == best && reach == Reach::OtherServices && examples.len() >= 5 {
                break;
            }
            let witness = &**action;
            if contains_action(set, witness) {
                continue;
            }
            let applied = match (plain, &shared) {
                (Some(pattern), Some(applied)) => Applies {
                    pattern: Some(pattern.to_owned()),
                    ..applied.clone()
                },
                _ => applies(statement, &Effect::Allow, witness),
            };
            if plain.is_some() && shared.is_none() {
                shared = Some(applied.clone());
            }
            let mut effective = applied.answer.clone().and(gate(deniers, witness));
            if attached.conditional {
                effective = effective.in_some_possibility();
            }
            if effective.is_never() {
                continue;
            }
            if !is_support_service_action(witness) {
                reach = Reach::OtherServices;
            }
            if !*built && examples.len() < 5 {
                examples.push(witness.to_owned());
            }
            evidence.get_or_insert_with(|| statement_evidence(attached, statement, &applied));
            answer = answer.or(effective);
        }
        if let Some(evidence) = evidence {
            out.grants.push(BeyondGrant {
                evidence,
                reach,
                answer,
                examples,
            });
        }
    }
}

/// An action a pattern matches, tested in its place.
struct Witness {
    action: Cow<'static, str>,
    /// Built from the pattern rather than a real action: never shown as an example.
    built: bool,
}

/// Witnesses for one `Action` pattern: itself when literal; else the published actions
/// it matches, and for a service the catalog does not list two actions built from it.
fn witnesses(pattern: &str) -> Vec<Witness> {
    if !has_wildcard(pattern) {
        return vec![Witness {
            action: Cow::Owned(pattern.to_owned()),
            built: false,
        }];
    }
    let mut out = in_message_order(expand(pattern));
    let unlisted = service_of(pattern)
        .is_some_and(|service| !has_wildcard(service) && !is_known_service(service));
    if unlisted {
        out.extend(built(pattern));
    }
    out
}

/// Witnesses for `NotAction`: every published action.
fn all_witnesses() -> Vec<Witness> {
    in_message_order(all_actions().iter().collect())
}

/// The actions as witnesses: the well-known ones of other services first, the Support
/// services' next, then the rest in catalog order (the first ones become the examples).
fn in_message_order(actions: Vec<&'static ServiceAction>) -> Vec<Witness> {
    let (support, other): (Vec<_>, Vec<_>) = actions
        .into_iter()
        .map(|known| known.action)
        .partition(|action| is_support_service_action(action));
    let (well_known, rest): (Vec<_>, Vec<_>) = other
        .into_iter()
        .partition(|action| contains_action(&OTHER_SERVICE_WITNESSES, action));
    let well_known = OTHER_SERVICE_WITNESSES
        .into_iter()
        .filter(|witness| well_known.contains(witness));
    well_known
        .chain(support)
        .chain(rest)
        .map(|action| Witness {
            action: Cow::Borrowed(action),
            built: false,
        })
        .collect()
}

/// Two actions `pattern` matches, its wildcards filled in two different ways: a
/// pattern is beyond the set unless a denial takes both away.
fn built(pattern: &str) -> [Witness; 2] {
    let fill = |star: &str| Witness {
        action: Cow::Owned(
            pattern
                .chars()
                .map(|c| match c {
                    '*' => star.to_owned(),
                    '?' => "Q".to_owned(),
                    other => other.to_string(),
                })
                .collect(),
        ),
        built: true,
    };
    [fill(""), fill("Qz7")]
}

#[cfg(test)]
#[path = "beyond_tests.rs"]
mod tests;
