//! The policies that apply to one principal, as IAM gathers them before it evaluates a
//! request.
//!
//! IAM evaluates an identity's request against its identity-based policies (managed
//! policies attached to it, its inline policies, and for a user the policies of every
//! group it belongs to) and, when it has one, its permissions boundary (IAM User Guide,
//! "Policy evaluation logic"). A permission set's policies become the identity policies
//! of the role it provisions. This module collects them from the graph's edges, keeping
//! for each the attachment that brings it (a finding names it) and whether the
//! attachment exists only under a template condition. Policies whose documents cannot
//! be read are kept too, with the reason, so that a question they could change is not
//! evaluable rather than answered wrongly.

use crate::graph::{
    Document, EdgeKind, Endpoint, Graph, NodeId, NodeKind, PolicyDocument, Possible, Via,
};

/// One policy reaching a principal.
#[derive(Clone, Debug)]
pub struct Attached<'g> {
    /// The declaration that attaches it (for a group policy, the group's attachment).
    pub via: &'g Via,
    /// The group membership it comes through, for a user's group policies.
    pub group: Option<&'g Via>,
    /// Whether the attachment (or membership) exists only in some possibilities.
    pub conditional: bool,
    /// What is known of the policy.
    pub source: Source<'g>,
}

/// What is known of an attached policy.
#[derive(Clone, Debug)]
pub enum Source<'g> {
    /// Its document (declared by the inputs or embedded), which may still be unknown in
    /// part.
    Document {
        /// The policy node.
        policy: NodeId,
        /// The document.
        document: &'g Document,
    },
    /// Nothing usable.
    Unknown {
        /// The policy node, when there is one.
        policy: Option<NodeId>,
        /// Why, in the user's terms.
        reason: String,
        /// Whether it may deny.
        may_deny: bool,
    },
}

/// The policies IAM evaluates for one principal.
#[derive(Clone, Debug, Default)]
pub struct PolicySet<'g> {
    /// Identity-based policies: attached, inline, and a user's group policies.
    pub identity: Vec<Attached<'g>>,
    /// Permissions boundaries (several only when a condition chooses between them).
    pub boundaries: Vec<Attached<'g>>,
}

impl Source<'_> {
    /// The policy node, when there is one.
    pub fn policy(&self) -> Option<NodeId> {
        match self {
            Source::Document { policy, .. } => Some(*policy),
            Source::Unknown { policy, .. } => *policy,
        }
    }
}

/// The policies that apply to `principal` (a role, user, group or permission set). A
/// principal that is not in the graph has none.
pub fn policy_set(graph: &Graph, principal: NodeId) -> PolicySet<'_> {
    let mut set = PolicySet::default();
    set.identity.extend(outside_rest(graph, principal, None));
    for edge in graph.edges_from(principal) {
        let direct = || Attached {
            via: &edge.via,
            group: None,
            conditional: edge.conditional,
            source: source(graph, &edge.to),
        };
        match edge.kind {
            EdgeKind::Attachment => set.identity.push(direct()),
            EdgeKind::PermissionsBoundary => set.boundaries.push(direct()),
            EdgeKind::GroupMembership => match edge.to.node() {
                Some(group) => {
                    set.identity
                        .extend(
                            outside_rest(graph, group, Some(&edge.via)).map(|rest| Attached {
                                conditional: rest.conditional || edge.conditional,
                                ..rest
                            }),
                        );
                    for group_edge in graph.edges_from(group) {
                        if group_edge.kind == EdgeKind::Attachment {
                            set.identity.push(Attached {
                                via: &group_edge.via,
                                group: Some(&edge.via),
                                conditional: edge.conditional || group_edge.conditional,
                                source: source(graph, &group_edge.to),
                            });
                        }
                    }
                }
                None => set.identity.push(Attached {
                    via: &edge.via,
                    group: Some(&edge.via),
                    conditional: edge.conditional,
                    source: Source::Unknown {
                        policy: None,
                        reason: format!(
                            "the policies of the group are not known: {}",
                            unknown_end(&edge.to)
                        ),
                        may_deny: true,
                    },
                }),
            },
            EdgeKind::ChannelRole => {}
        }
    }
    set
}

/// For a role, user or group outside the scan, the policies the account gives it beyond
/// those the inputs attach: they may allow more. They are taken not to deny what the
/// inputs grant: a finding about an existing identity is about what the scanned code
/// gives it (docs/rules.md, "Identities outside the scan"). `group` is the membership a user's
/// group is reached through.
fn outside_rest<'g>(
    graph: &'g Graph,
    principal: NodeId,
    group: Option<&'g Via>,
) -> Option<Attached<'g>> {
    let node = graph.node(principal)?;
    Some(Attached {
        via: node.named_by.as_ref()?,
        group,
        conditional: false,
        source: Source::Unknown {
            policy: None,
            reason: not_declared(graph, principal, "other policies are")?,
            may_deny: false,
        },
    })
}

/// For a role, user or group outside the scan, why `what` ("its permissions boundary
/// is") is not known; `None` for any other node.
pub fn not_declared(graph: &Graph, principal: NodeId, what: &str) -> Option<String> {
    let node = graph.node(principal).filter(|node| node.is_outside())?;
    let (kind, name) = match &node.kind {
        NodeKind::Role(role) => ("role", &role.name),
        NodeKind::User(identity) => ("user", &identity.name),
        NodeKind::Group(identity) => ("group", &identity.name),
        _ => return None,
    };
    Some(format!(
        "{kind} `{}` is not declared in the scanned code, so its {what} not known",
        name.term.display()
    ))
}

/// What is known of the policy at the end of an attachment.
fn source<'g>(graph: &'g Graph, end: &Endpoint) -> Source<'g> {
    let Some(id) = end.node() else {
        return Source::Unknown {
            policy: None,
            reason: unknown_end(end),
            may_deny: true,
        };
    };
    let Some(NodeKind::Policy(policy)) = graph.node(id).map(|node| &node.kind) else {
        return Source::Unknown {
            policy: None,
            reason: "the attachment does not name a policy".to_owned(),
            may_deny: true,
        };
    };
    let document = match &policy.document {
        PolicyDocument::Embedded(embedded) => embedded.document(),
        PolicyDocument::Declared(document) => document,
    };
    match &document.body {
        Possible::Unknown(reason) => Source::Unknown {
            policy: Some(id),
            reason: reason.to_string(),
            may_deny: true,
        },
        _ => Source::Document {
            policy: id,
            document,
        },
    }
}

/// Why an attachment's far end cannot be read.
fn unknown_end(end: &Endpoint) -> String {
    match end {
        Endpoint::Unresolved { reason } => reason.to_string(),
        Endpoint::Outside { entity, name, .. } => format!(
            "{entity:?} `{}` is outside the scanned inputs",
            name.display()
        )
        .to_lowercase(),
        Endpoint::Node { .. } => "the attachment does not name a policy".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::test_graph::{cloudformation, node};

    const TEMPLATE: &str = r#"
Resources:
  Ops:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AWSSupportAccess]
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Ops, outsiders]
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        - arn:aws:iam::aws:policy/AWSDenyAll
        - arn:aws:iam::123456789012:policy/elsewhere
      PermissionsBoundary: arn:aws:iam::aws:policy/AWSSupportAccess
"#;

    #[test]
    fn users_collect_group_policies_and_unknowns_with_reasons() {
        let graph = cloudformation(TEMPLATE);
        let set = policy_set(&graph, node(&graph, "Alice"));
        assert_eq!(set.boundaries.len(), 1);
        assert!(matches!(set.boundaries[0].source, Source::Document { .. }));
        let kinds: Vec<String> = set
            .identity
            .iter()
            .map(|a| match &a.source {
                Source::Document { .. } => format!("document group={}", a.group.is_some()),
                Source::Unknown {
                    reason, may_deny, ..
                } => format!("unknown deny={may_deny} {reason}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "document group=true",
                "unknown deny=false group `outsiders` is not declared in the scanned code, so its other policies are not known",
                "document group=false",
                "document group=false",
                "document group=false",
                "unknown deny=true the policy is not declared by the scanned inputs",
            ]
        );
    }

    #[test]
    fn a_principal_without_attachments_has_no_policies() {
        let graph = cloudformation(TEMPLATE);
        let set = policy_set(&graph, node(&graph, "Ops"));
        assert_eq!(set.identity.len(), 1);
        assert!(set.boundaries.is_empty());
        assert!(policy_set(&graph, NodeId(999)).identity.is_empty());
    }
}
