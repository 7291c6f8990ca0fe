//! Is `iam:CreateServiceLinkedRole` limited to the Service Quotas service-linked role?
//! (docs/rules.md APP003 and APP005.)
//!
//! The Support App needs to create `AWSServiceRoleForServiceQuotas` to request quota
//! increases, and AWS's example policy grants `iam:CreateServiceLinkedRole` only with
//! `"StringEquals": {"iam:AWSServiceName": "servicequotas.amazonaws.com"}`. IAM sets the
//! `iam:AWSServiceName` key to the service the role is for (IAM User Guide, "Service-linked
//! role permissions"), so that condition is what limits the grant. A grant counts as
//! scoped when one of its conditions is `StringEquals` (or `StringLike` with a value
//! without wildcards) on that key with exactly the one value
//! `servicequotas.amazonaws.com`; `...IfExists`, set operators and other values do not.

use std::ops::Not;

use super::answer::{Answer, Evidence};
use super::catalog::CREATE_SERVICE_LINKED_ROLE;
use super::evaluate::{Verdict, evaluate, gate, statement_evidence};
use super::policies::{PolicySet, Source, policy_set};
use super::statement::{applies, document_statements, over_possible};
use crate::graph::{Condition, Effect, Graph, NodeId, Term};

/// The service whose service-linked role the App may create.
pub const SERVICE_QUOTAS: &str = "servicequotas.amazonaws.com";

const SERVICE_NAME_KEY: &str = "iam:AWSServiceName";

/// How a principal may create service-linked roles.
#[derive(Clone, Debug, PartialEq)]
pub struct SlrScoping {
    /// Whether `iam:CreateServiceLinkedRole` is allowed at all (under any condition).
    pub allowed: Verdict,
    /// Whether some grant that takes effect is not scoped to Service Quotas (APP003).
    pub unscoped: Answer,
    /// Whether the principal can create the Service Quotas service-linked role (APP005):
    /// through a scoped grant or an unscoped one.
    pub quotas_role: Answer,
    /// Each statement that may grant the action, with whether it is scoped.
    pub grants: Vec<SlrGrant>,
}

/// One statement granting `iam:CreateServiceLinkedRole`.
#[derive(Clone, Debug, PartialEq)]
pub struct SlrGrant {
    /// The statement.
    pub evidence: Evidence,
    /// Whether its conditions limit it to Service Quotas.
    pub scoped: Answer,
}

/// How `principal` may create service-linked roles (see the module documentation).
pub fn create_slr_scoping(graph: &Graph, principal: NodeId) -> SlrScoping {
    let set = policy_set(graph, principal);
    let allowed = evaluate(&set, CREATE_SERVICE_LINKED_ROLE);
    let gate = gate(&set, CREATE_SERVICE_LINKED_ROLE);
    let (grants, unscoped, quotas_role) = grants(&set);
    SlrScoping {
        allowed,
        unscoped: unscoped.and(gate.clone()),
        quotas_role: quotas_role.and(gate),
        grants,
    }
}

/// The grants of the identity policies, whether one is unscoped, whether one reaches
/// the Service Quotas role.
fn grants(set: &PolicySet<'_>) -> (Vec<SlrGrant>, Answer, Answer) {
    let mut grants = Vec::new();
    let mut unscoped = Answer::NO;
    let mut quotas_role = Answer::NO;
    for attached in &set.identity {
        let document = match &attached.source {
            Source::Document { document, .. } => *document,
            Source::Unknown { reason, .. } => {
                unscoped = unscoped.or(Answer::unknown(reason.as_str()));
                quotas_role = quotas_role.or(Answer::unknown(reason.as_str()));
                continue;
            }
        };
        let (statements, unknown) = document_statements(document);
        let mut policy_unscoped = Answer::NO;
        let mut policy_quotas = Answer::NO;
        for (statement, _) in statements {
            let applied = applies(statement, &Effect::Allow, CREATE_SERVICE_LINKED_ROLE);
            if applied.unconditioned.is_never() {
                continue;
            }
            let scoped = over_possible(&statement.condition, Answer::NO, |conditions| {
                conditions.iter().map(scopes).fold(Answer::NO, Answer::or)
            });
            let unconditional = over_possible(&statement.condition, Answer::NO, |conditions| {
                Answer::from_bool(conditions.is_empty())
            });
            policy_unscoped =
                policy_unscoped.or(applied.unconditioned.clone().and(scoped.clone().not()));
            // A scoped or unconditional grant lets the Service Quotas role be created;
            // any other condition may or may not allow it.
            let reaches = scoped.clone().or(unconditional).or(Answer::SOMETIMES);
            policy_quotas = policy_quotas.or(applied.unconditioned.clone().and(reaches));
            grants.push(SlrGrant {
                evidence: statement_evidence(attached, statement, &applied),
                scoped,
            });
        }
        if let Some(reason) = unknown {
            policy_unscoped = policy_unscoped.or(Answer::unknown(reason.as_str()));
            policy_quotas = policy_quotas.or(Answer::unknown(reason));
        }
        if attached.conditional {
            policy_unscoped = policy_unscoped.in_some_possibility();
            policy_quotas = policy_quotas.in_some_possibility();
        }
        unscoped = unscoped.or(policy_unscoped);
        quotas_role = quotas_role.or(policy_quotas);
    }
    (grants, unscoped, quotas_role)
}

/// Whether one condition limits `iam:AWSServiceName` to exactly Service Quotas.
fn scopes(condition: &Condition) -> Answer {
    let operator = condition.operator.to_ascii_lowercase();
    if !condition.key.eq_ignore_ascii_case(SERVICE_NAME_KEY)
        || !matches!(operator.as_str(), "stringequals" | "stringlike")
    {
        return Answer::NO;
    }
    over_possible(&condition.values, Answer::NO, |values| {
        match values.as_slice() {
            [value] => value
                .term
                .possibilities()
                .into_iter()
                .map(is_service_quotas)
                .reduce(Answer::branch)
                .unwrap_or(Answer::NO),
            _ => Answer::NO,
        }
    })
}

/// Whether a value is exactly `servicequotas.amazonaws.com` (a wildcard would widen it).
fn is_service_quotas(term: &Term) -> Answer {
    match term {
        Term::Known(text) => Answer::from_bool(&**text == SERVICE_QUOTAS),
        Term::Unknown(reason) => Answer::unknown(reason.clone()),
        other => Answer::unknown(format!(
            "the service name `{}` is not known before deployment",
            other.display()
        )),
    }
}

impl SlrScoping {
    /// The grants that are not certainly scoped.
    pub fn unscoped_grants(&self) -> impl Iterator<Item = &SlrGrant> {
        self.grants
            .iter()
            .filter(|grant| !grant.scoped.is_certain())
    }
}

#[cfg(test)]
#[path = "slr_tests.rs"]
mod tests;
