//! Does a principal's policy set allow an action? IAM's evaluation logic for one
//! identity in one account, three-valued.
//!
//! The IAM User Guide ("Policy evaluation logic") decides a request in this order: an
//! explicit `Deny` in any applicable policy ends it; otherwise the identity-based
//! policies must allow it; and when the principal has a permissions boundary, the
//! boundary must allow it too (the effective permissions are the intersection). Nothing
//! allowed is implicitly denied. Service control policies, resource policies and session
//! policies are outside what infrastructure code of one account declares, and are not
//! modelled.
//!
//! Each step is an [`Answer`] over the possibilities of the inputs: an attachment under a
//! template condition, a conditional statement, an IAM `Condition` block. A policy whose
//! document is unknown makes the answer not evaluable exactly where it could change it: an
//! unknown boundary matters only for what the identity policies allow. AWS managed
//! policies are read from their published documents (`data/aws-catalog`).

use std::ops::Not;

use super::answer::{Answer, Evidence, StatementRef};
use super::pattern::has_wildcard;
use super::policies::{Attached, PolicySet, Source, policy_set};
use super::readings::{DocumentReading, DocumentReadings, read};
use super::responder::holds_for_responder;
use super::statement::Applies;
use crate::graph::{Graph, NodeId, Statement};

/// The answer to "is this action allowed", with what decided it.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Whether the action is allowed.
    pub answer: Answer,
    /// The identity policy statements that may allow it.
    pub allowed_by: Vec<Evidence>,
    /// The statements (identity or boundary) that may deny it explicitly.
    pub denied_by: Vec<Evidence>,
    /// The permissions boundaries that do not certainly allow it (statement `None`: the
    /// boundary as a whole).
    pub bounded_by: Vec<Evidence>,
    /// Whether the permissions boundaries allow it (yes when there is none).
    pub boundary: Answer,
    /// Whether the `Allow` statements of the permissions boundaries cover it, their
    /// denials left aside (those are in `denied_by`); yes when there is none.
    pub boundary_allows: Answer,
}

/// What one policy says about one action.
pub(crate) struct PolicyAnswer {
    pub allow: Answer,
    pub deny: Answer,
    pub allow_evidence: Vec<Evidence>,
    pub deny_evidence: Vec<Evidence>,
}

/// Whether `principal` (role, user, group, permission set) is allowed `action`, a
/// concrete action such as `support:CreateCase` (matched case-insensitively). A pattern
/// with wildcards is not an action: expand it first ([`super::catalog::expand`]); asked
/// as such, the answer is not evaluable.
pub fn allows(graph: &Graph, principal: NodeId, action: &str) -> Verdict {
    if has_wildcard(action) {
        return Verdict {
            answer: Answer::unknown(format!("`{action}` is a pattern, not an action")),
            allowed_by: Vec::new(),
            denied_by: Vec::new(),
            bounded_by: Vec::new(),
            boundary: Answer::unknown(format!("`{action}` is a pattern, not an action")),
            boundary_allows: Answer::unknown(format!("`{action}` is a pattern, not an action")),
        };
    }
    evaluate(&policy_set(graph, principal), action)
}

/// Which of `candidates` (concrete actions, such as the App action set) `principal` is
/// allowed, each with its verdict, in the order given.
pub fn allowed_actions<'a>(
    graph: &Graph,
    principal: NodeId,
    candidates: &[&'a str],
) -> Vec<(&'a str, Verdict)> {
    allowed_actions_with(graph, principal, candidates, None)
}

/// [`allowed_actions`], reading each document through the scan's `readings` when given
/// (the verdicts are the same).
pub fn allowed_actions_with<'a, 'g>(
    graph: &'g Graph,
    principal: NodeId,
    candidates: &[&'a str],
    readings: Option<&DocumentReadings<'g>>,
) -> Vec<(&'a str, Verdict)> {
    let set = policy_set(graph, principal);
    candidates
        .iter()
        .map(|action| (*action, evaluate_with(&set, action, readings)))
        .collect()
}

/// The verdict for `action` under a policy set.
pub(crate) fn evaluate(set: &PolicySet<'_>, action: &str) -> Verdict {
    evaluate_with(set, action, None)
}

/// [`evaluate`], through `readings` when given.
fn evaluate_with<'g>(
    set: &PolicySet<'g>,
    action: &str,
    readings: Option<&DocumentReadings<'g>>,
) -> Verdict {
    let mut allow = Answer::NO;
    let mut deny = Answer::NO;
    let mut allowed_by = Vec::new();
    let mut denied_by = Vec::new();
    for attached in &set.identity {
        let policy = policy_answer_with(attached, action, readings);
        allow = allow.or(policy.allow);
        deny = deny.or(policy.deny);
        allowed_by.extend(policy.allow_evidence);
        denied_by.extend(policy.deny_evidence);
    }
    let bounds = boundary(set, action, readings);
    denied_by.extend(bounds.denials);
    Verdict {
        answer: allow.and(deny.not()).and(bounds.answer.clone()),
        allowed_by,
        denied_by,
        bounded_by: bounds.bounded_by,
        boundary: bounds.answer,
        boundary_allows: bounds.allows,
    }
}

/// Whether nothing denies `action` and every boundary allows it: what an identity grant
/// needs on top to take effect.
pub(crate) fn gate(set: &PolicySet<'_>, action: &str) -> Answer {
    let deny = set
        .identity
        .iter()
        .map(|attached| policy_answer(attached, action).deny)
        .fold(Answer::NO, Answer::or);
    deny.not().and(boundary(set, action, None).answer)
}

/// What the permissions boundaries say about one action.
struct Bounds {
    /// Whether they allow it: each present boundary must allow it and not deny it.
    answer: Answer,
    /// Whether their `Allow` statements cover it.
    allows: Answer,
    /// The boundaries whose `Allow` statements do not certainly cover it.
    bounded_by: Vec<Evidence>,
    /// The boundary statements that deny it.
    denials: Vec<Evidence>,
}

fn boundary<'g>(
    set: &PolicySet<'g>,
    action: &str,
    readings: Option<&DocumentReadings<'g>>,
) -> Bounds {
    let mut bounds = Bounds {
        answer: Answer::YES,
        allows: Answer::YES,
        bounded_by: Vec::new(),
        denials: Vec::new(),
    };
    for attached in &set.boundaries {
        let policy = policy_answer_unconditioned(attached, action, readings);
        if !policy.allow.is_certain() {
            bounds.bounded_by.push(policy_evidence(attached));
        }
        bounds.denials.extend(policy.deny_evidence);
        let absent = presence(attached).not();
        bounds.allows = bounds.allows.and(absent.clone().or(policy.allow.clone()));
        let allows = policy.allow.and(policy.deny.not());
        bounds.answer = bounds.answer.and(absent.or(allows));
    }
    bounds
}

fn presence(attached: &Attached<'_>) -> Answer {
    if attached.conditional {
        Answer::SOMETIMES
    } else {
        Answer::YES
    }
}

/// What an attached identity policy says, given that the attachment itself may exist
/// only in some possibilities.
pub(crate) fn policy_answer(attached: &Attached<'_>, action: &str) -> PolicyAnswer {
    policy_answer_with(attached, action, None)
}

/// [`policy_answer`], through `readings` when given.
fn policy_answer_with<'g>(
    attached: &Attached<'g>,
    action: &str,
    readings: Option<&DocumentReadings<'g>>,
) -> PolicyAnswer {
    let mut policy = policy_answer_unconditioned(attached, action, readings);
    if attached.conditional {
        policy.allow = policy.allow.in_some_possibility();
        policy.deny = policy.deny.in_some_possibility();
    }
    policy
}

fn policy_answer_unconditioned<'g>(
    attached: &Attached<'g>,
    action: &str,
    readings: Option<&DocumentReadings<'g>>,
) -> PolicyAnswer {
    match &attached.source {
        Source::Document { document, .. } => match readings {
            Some(readings) => document_answer(attached, &readings.get(document, action)),
            None => document_answer(attached, &read(document, action)),
        },
        Source::Unknown {
            reason, may_deny, ..
        } => PolicyAnswer {
            allow: Answer::unknown(reason.as_str()),
            deny: if *may_deny {
                Answer::unknown(reason.as_str())
            } else {
                Answer::NO
            },
            allow_evidence: Vec::new(),
            deny_evidence: Vec::new(),
        },
    }
}

/// What a document's reading says, as evidence of the attachment that brings it.
fn document_answer(attached: &Attached<'_>, reading: &DocumentReading<'_>) -> PolicyAnswer {
    let evidence = |hits: &[(&Statement, Applies)]| -> Vec<Evidence> {
        hits.iter()
            .map(|(statement, applied)| statement_evidence(attached, statement, applied))
            .collect()
    };
    PolicyAnswer {
        allow: reading.allow.clone(),
        deny: reading.deny.clone(),
        allow_evidence: evidence(&reading.allowing),
        deny_evidence: evidence(&reading.denying),
    }
}

/// Evidence naming one statement of an attached policy.
pub(crate) fn statement_evidence(
    attached: &Attached<'_>,
    statement: &Statement,
    applied: &Applies,
) -> Evidence {
    Evidence {
        statement: Some(StatementRef {
            index: statement.index,
            sid: statement.sid.as_ref().map(|sid| sid.display()),
            span: statement.span,
        }),
        pattern: applied.pattern.clone(),
        iam_condition: applied.iam_condition,
        conditional: attached.conditional || statement.conditional,
        resource_scoped: applied.resource_scoped,
        holds_for_responder: holds_for_responder(statement),
        ..policy_evidence(attached)
    }
}

/// Evidence naming an attached policy as a whole.
pub(crate) fn policy_evidence(attached: &Attached<'_>) -> Evidence {
    Evidence {
        policy: attached.source.policy(),
        via: Some(attached.via.clone()),
        statement: None,
        pattern: None,
        iam_condition: false,
        conditional: attached.conditional,
        resource_scoped: false,
        holds_for_responder: Answer::YES,
    }
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
