//! The docs/rules.md definitions that name policies and roles: the support access policy,
//! support roles, Support App roles.
//!
//! AWS managed policies are one node per policy in the graph whatever partition the ARN
//! named (`aws`, `aws-cn`, `aws-us-gov`, `${AWS::Partition}`, Terraform's
//! `data.aws_partition`), keyed by the ARN's part after `policy/`: a question about
//! `AWSSupportAccess` is a question about that key.

use std::sync::Arc;

use super::answer::{Answer, Evidence};
use super::evaluate::statement_evidence;
use super::policies::{Source, policy_set};
use super::statement::{applies, document_statements, over_possible};
use super::trust::{Admission, Admissions, trust_admits, trusts_service_in};
use crate::graph::{
    Document, Edge, EdgeKind, Effect, Endpoint, Graph, NodeId, NodeKind, PolicyKind, Term, Text,
    Via,
};

/// The support access policy of CIS and Security Hub IAM.18.
pub const SUPPORT_ACCESS_POLICY: &str = "AWSSupportAccess";
/// The AWS managed Support App policies.
pub const APP_POLICIES: [&str; 2] = ["AWSSupportAppFullAccess", "AWSSupportAppReadOnlyAccess"];
/// The policy meant only for the Support service-linked role (SLR002).
pub const SUPPORT_SERVICE_ROLE_POLICY: &str = "aws-service-role/AWSSupportServiceRolePolicy";
/// The Support App's service principal.
pub const SUPPORT_APP_SERVICE: &str = "supportapp.amazonaws.com";

/// Whether `policy` is the AWS managed policy with `key` (`AWSSupportAccess`,
/// `aws-service-role/AWSSupportServiceRolePolicy`), in any partition.
pub fn is_aws_managed(graph: &Graph, policy: NodeId, key: &str) -> bool {
    matches!(
        graph.node(policy).map(|node| &node.kind),
        Some(NodeKind::Policy(policy)) if matches!(&policy.kind, PolicyKind::AwsManaged { key: k } if &**k == key)
    )
}

/// Whether the AWS managed policy `key` is attached directly to `principal`, with the
/// attachments that do it: certainly when one attachment is unconditional, in some
/// possibility when all are conditional, not evaluable when none is but an attachment's
/// target cannot be told before deployment.
pub fn attached_aws_managed<'g>(
    graph: &'g Graph,
    principal: NodeId,
    key: &str,
) -> (Answer, Vec<&'g Edge>) {
    let mut answer = Answer::NO;
    let mut edges = Vec::new();
    for edge in graph
        .edges_from(principal)
        .filter(|edge| edge.kind == EdgeKind::Attachment)
    {
        let this = match &edge.to {
            Endpoint::Node { id } if is_aws_managed(graph, *id, key) => Answer::YES,
            Endpoint::Unresolved { reason } => Answer::unknown(reason.clone()),
            _ => continue,
        };
        let this = if edge.conditional {
            this.in_some_possibility()
        } else {
            this
        };
        if this.may.is_yes() {
            edges.push(edge);
        }
        answer = answer.or(this);
    }
    (answer, edges)
}

/// Whether one of the identity policies of `principal` has an `Allow` statement that
/// names `support:*` itself (compared case-insensitively; a broader `*` or `support*`
/// does not count), with those statements. Every identity policy with a readable
/// document counts, AWS managed ones included (`job-function/SupportUser` names it).
pub fn grants_support_by_name(graph: &Graph, principal: NodeId) -> (Answer, Vec<Evidence>) {
    let mut answer = Answer::NO;
    let mut evidence = Vec::new();
    for attached in policy_set(graph, principal).identity {
        let document = match &attached.source {
            Source::Document { document, .. } => *document,
            _ => continue,
        };
        let (statements, unknown) = document_statements(document);
        if let Some(reason) = unknown {
            answer = answer.or(Answer::unknown(reason));
        }
        for (statement, _) in statements {
            let named = statement.action.as_ref().map_or(Answer::NO, |written| {
                // A long list is grouped by service: only its `support` items (and those
                // of any service) can be `support:*`.
                let index = statement.action_index.action(written);
                over_possible(written, Answer::NO, |items| {
                    // A list of known actions none of which is `support:*` (every
                    // statement of ReadOnlyAccess, attached to hundreds of roles of an
                    // account) is told without an answer per action.
                    let is_not_named = |item: &Text| {
                        matches!(&item.term, Term::Known(text) if !text.eq_ignore_ascii_case("support:*"))
                    };
                    let plainly_not = match index.and_then(|index| index.candidates("support:*")) {
                        Some(mut candidates) => candidates.all(|position| is_not_named(&items[position])),
                        None => items.iter().all(is_not_named),
                    };
                    if plainly_not {
                        return Answer::NO;
                    }
                    items
                        .iter()
                        .map(|item| names_support_star(&item.term))
                        .fold(Answer::NO, Answer::or)
                })
            });
            // Most statements never name `support:*`: only those that may are matched
            // (a ReadOnlyAccess statement holds thousands of patterns).
            if named.is_never() {
                continue;
            }
            let applied = applies(statement, &Effect::Allow, "support:CreateCase");
            let mut this = named.and(applied.unconditioned.clone());
            if attached.conditional {
                this = this.in_some_possibility();
            }
            if this.may.is_yes() {
                let mut found = statement_evidence(&attached, statement, &applied);
                found.pattern = Some("support:*".to_owned());
                evidence.push(found);
            }
            answer = answer.or(this);
        }
    }
    (answer, evidence)
}

/// Whether a written action is `support:*` itself, in every branch or some.
fn names_support_star(term: &Term) -> Answer {
    match term {
        Term::Known(text) => Answer::from_bool(text.eq_ignore_ascii_case("support:*")),
        Term::Unknown(reason) => Answer::unknown(reason.clone()),
        Term::Template(_) => Answer::unknown(format!(
            "the action `{}` is not known before deployment",
            term.display()
        )),
        Term::OneOf(branches) => branches
            .iter()
            .map(names_support_star)
            .reduce(Answer::branch)
            .unwrap_or(Answer::NO),
        Term::Absent => Answer::NO,
    }
}

/// Why a role is a support role.
#[derive(Clone, Debug, PartialEq)]
pub struct SupportRole<'g> {
    /// Whether it is one.
    pub answer: Answer,
    /// The attachments of the support access policy.
    pub attachments: Vec<&'g Edge>,
    /// The statements that name `support:*`.
    pub by_name: Vec<Evidence>,
}

/// Whether `role` is a support role (docs/rules.md): the support access policy is attached,
/// or one of its statements allows `support:*` by name.
pub fn support_role(graph: &Graph, role: NodeId) -> SupportRole<'_> {
    let (attached, attachments) = attached_aws_managed(graph, role, SUPPORT_ACCESS_POLICY);
    let (named, by_name) = grants_support_by_name(graph, role);
    SupportRole {
        answer: attached.or(named),
        attachments,
        by_name,
    }
}

/// One reason a role is a Support App role.
#[derive(Clone, Debug, PartialEq)]
pub enum AppRoleReason<'g> {
    /// Its trust policy admits `supportapp.amazonaws.com`.
    TrustsSupportApp(Box<Admission>),
    /// A Slack channel configuration names it as `ChannelRoleArn`.
    ChannelRole(&'g Via),
    /// An AWS managed Support App policy is attached.
    AppPolicy(&'g Edge),
}

/// Whether `role` is a Support App role (docs/rules.md): it trusts
/// `supportapp.amazonaws.com`, or is a Slack channel's role, or has an App managed policy
/// attached; with every reason found.
pub fn support_app_role(graph: &Graph, role: NodeId) -> (Answer, Vec<AppRoleReason<'_>>) {
    support_app_role_with(graph, role, &|trust| Arc::new(trust_admits(trust)))
}

/// [`support_app_role`], reading trust documents with `read` (a per-scan cache of
/// [`trust_admits`], say).
pub fn support_app_role_with<'g>(
    graph: &'g Graph,
    role: NodeId,
    read: &dyn Fn(&'g Document) -> Arc<Admissions>,
) -> (Answer, Vec<AppRoleReason<'g>>) {
    let mut reasons = Vec::new();
    let mut answer = match graph.node(role).map(|node| (node, &node.kind)) {
        // A role outside the scan has a trust policy the inputs do not show: it is a
        // Support App role only when the inputs make it one (a channel, an App policy).
        Some((node, NodeKind::Role(_))) if node.is_outside() => Answer::NO,
        Some((_, NodeKind::Role(found))) => {
            let (trusts, admissions) = trusts_service_in(&read(&found.trust), SUPPORT_APP_SERVICE);
            reasons.extend(
                admissions
                    .into_iter()
                    .map(|admission| AppRoleReason::TrustsSupportApp(Box::new(admission))),
            );
            trusts
        }
        _ => return (Answer::NO, reasons),
    };
    for edge in graph
        .edges_to(role)
        .filter(|edge| edge.kind == EdgeKind::ChannelRole)
    {
        reasons.push(AppRoleReason::ChannelRole(&edge.via));
        let this = if edge.conditional {
            Answer::SOMETIMES
        } else {
            Answer::YES
        };
        answer = answer.or(this);
    }
    for key in APP_POLICIES {
        let (attached, edges) = attached_aws_managed(graph, role, key);
        reasons.extend(edges.into_iter().map(AppRoleReason::AppPolicy));
        answer = answer.or(attached);
    }
    (answer, reasons)
}

#[cfg(test)]
#[path = "support_tests.rs"]
mod tests;
