//! Which allowed action patterns reach beyond a set of actions (docs/rules.md APP002: a
//! Support App role allowed more than the App action set), and whether they stay inside
//! the Support services or reach another service.
//!
//! A pattern reaches beyond the set when some action it matches is outside the set and
//! is actually allowed: no explicit `Deny` takes it away and every permissions boundary
//! allows it (IAM User Guide, "Policy evaluation logic"). Patterns are tested on
//! witnesses: the known actions of the Support services ([`super::catalog`]), a few
//! well-known actions of other services, and two actions built from the pattern itself
//! (wildcards filled in two different ways), so that `s3:Get*` is witnessed even though
//! the catalog does not list S3. `NotAction` with `Allow` is witnessed the same way and
//! reaches every service it does not list.

use super::answer::{Answer, Evidence};
use super::catalog::service_actions;
use super::evaluate::{gate, statement_evidence};
use super::pattern::{
    action_matches, contains_action, has_wildcard, is_support_service_action, service_of,
};
use super::policies::{Attached, PolicySet, Source, policy_set};
use super::statement::{applies, document_statements};
use crate::graph::{Effect, Graph, NodeId, Possible, Statement, Term};

/// Well-known actions of other services that witness broad patterns (`*`, `iam:*`,
/// `NotAction`): each is a step towards taking over an account or reading its data.
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
    let mut beyond = Beyond::default();
    for attached in &policies.identity {
        let document = match &attached.source {
            Source::Document { document, .. } => *document,
            // The known part of a broad policy is what reaches beyond; the rest could only
            // add to it.
            Source::Broad { known, .. } => known.document(),
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
            grants_of(&policies, attached, statement, set, &mut beyond);
        }
    }
    beyond
}

fn grants_of(
    policies: &PolicySet<'_>,
    attached: &Attached<'_>,
    statement: &Statement,
    set: &[&str],
    out: &mut Beyond,
) {
    let mut patterns: Vec<Vec<Witness>> = Vec::new();
    match (&statement.action, &statement.not_action) {
        (Some(items), _) => match items.known_values() {
            Some(lists) => {
                for item in lists.into_iter().flatten() {
                    for term in item.term.possibilities() {
                        match term {
                            Term::Known(pattern) => patterns.push(witnesses(pattern)),
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
        (None, Some(_)) => patterns.push(all_witnesses()),
        (None, None) => {}
    }
    for candidates in patterns {
        let mut answer = Answer::NO;
        let mut evidence = None;
        let mut reach = Reach::SupportServices;
        let mut examples = Vec::new();
        for Witness { action, built } in &candidates {
            let witness = action.as_str();
            if contains_action(set, witness) {
                continue;
            }
            let applied = applies(statement, &Effect::Allow, witness);
            let mut effective = applied.answer.clone().and(gate(policies, witness));
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
    action: String,
    /// Built from the pattern rather than a real action: never shown as an example.
    built: bool,
}

/// Witnesses for one `Action` pattern: itself when literal; else the matching catalog
/// and well-known actions, and for a pattern outside the Support services two actions
/// built from it.
fn witnesses(pattern: &str) -> Vec<Witness> {
    if !has_wildcard(pattern) {
        return vec![real(pattern)];
    }
    let mut out: Vec<Witness> = service_actions()
        .iter()
        .map(|known| known.action.as_str())
        .chain(OTHER_SERVICE_WITNESSES)
        .filter(|action| action_matches(pattern, action))
        .map(real)
        .collect();
    // The catalog lists every action of the Support services; other services need
    // built witnesses.
    let catalogued = service_of(pattern).is_some_and(|service| {
        !has_wildcard(service) && is_support_service_action(&format!("{service}:"))
    });
    if !catalogued {
        out.extend(built(pattern));
    }
    out
}

/// Witnesses for `NotAction`: every catalog and well-known action.
fn all_witnesses() -> Vec<Witness> {
    service_actions()
        .iter()
        .map(|known| known.action.as_str())
        .chain(OTHER_SERVICE_WITNESSES)
        .map(real)
        .collect()
}

fn real(action: &str) -> Witness {
    Witness {
        action: action.to_owned(),
        built: false,
    }
}

/// Two actions `pattern` matches, its wildcards filled in two different ways: a
/// pattern is beyond the set unless a denial takes both away.
fn built(pattern: &str) -> [Witness; 2] {
    let fill = |star: &str| Witness {
        action: pattern
            .chars()
            .map(|c| match c {
                '*' => star.to_owned(),
                '?' => "Q".to_owned(),
                other => other.to_string(),
            })
            .collect(),
        built: true,
    };
    [fill(""), fill("Qz7")]
}

#[cfg(test)]
#[path = "beyond_tests.rs"]
mod tests;
