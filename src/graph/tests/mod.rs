//! Graph building tests over hand-built inputs, one file per input language plus the
//! output formats; the helpers here describe edges in short strings so that a test
//! reads as the list of attachments it expects.

mod cloudformation;
mod output;
mod policy_documents;
mod scan_wide;
mod terraform;

use super::model::{Edge, EdgeKind, Endpoint, Graph, NodeKind, PolicyKind};
use crate::source::FileId;

/// A short description of an edge end: `role:support`, `aws:AWSSupportAccess`,
/// `managed:p`, `inline:name`, `external:arn`, `outside:Role:name`, `unresolved:reason`.
pub fn end(graph: &Graph, endpoint: &Endpoint) -> String {
    match endpoint {
        Endpoint::Node { id } => {
            let node = graph.node(*id).unwrap();
            if node.is_outside() {
                let (entity, name) = match &node.kind {
                    NodeKind::Role(role) => ("Role", &role.name),
                    NodeKind::User(user) => ("User", &user.name),
                    NodeKind::Group(group) => ("Group", &group.name),
                    _ => unreachable!("only identities are outside"),
                };
                return format!("outside:{entity}:{}", name.term.display());
            }
            match &node.kind {
                NodeKind::Role(role) => format!("role:{}", role.name.term.display()),
                NodeKind::User(user) => format!("user:{}", user.name.term.display()),
                NodeKind::Group(group) => format!("group:{}", group.name.term.display()),
                NodeKind::Policy(policy) => {
                    let name = policy
                        .name
                        .as_ref()
                        .map(|n| n.term.display())
                        .unwrap_or_default();
                    match &policy.kind {
                        PolicyKind::AwsManaged { key } => format!("aws:{key}"),
                        PolicyKind::CustomerManaged { .. } => format!("managed:{name}"),
                        PolicyKind::Inline => format!("inline:{name}"),
                        PolicyKind::External { arn } => format!("external:{}", arn.display()),
                    }
                }
                NodeKind::PermissionSet(set) => format!("set:{}", set.name.term.display()),
                NodeKind::SlackChannel(channel) => {
                    format!("channel:{}", channel.channel_id.display())
                }
                NodeKind::SlackWorkspace(workspace) => {
                    format!("workspace:{}", workspace.team_id.display())
                }
            }
        }
        Endpoint::Outside { entity, name, .. } => format!("outside:{entity:?}:{}", name.display()),
        Endpoint::Unresolved { reason } => format!("unresolved:{reason}"),
    }
}

/// Every edge as `from -kind-> to [form]`, with ` (conditional)` when it is.
pub fn edges(graph: &Graph) -> Vec<String> {
    graph
        .edges
        .iter()
        .map(|edge| describe(graph, edge))
        .collect()
}

pub fn describe(graph: &Graph, edge: &Edge) -> String {
    let kind = match edge.kind {
        EdgeKind::Attachment => "attach",
        EdgeKind::PermissionsBoundary => "boundary",
        EdgeKind::ChannelRole => "channel-role",
        EdgeKind::GroupMembership => "member",
    };
    let conditional = if edge.conditional {
        " (conditional)"
    } else {
        ""
    };
    format!(
        "{} -{kind}-> {} [{}]{conditional}",
        end(graph, &edge.from),
        end(graph, &edge.to),
        edge.via.form
    )
}

/// The node declared at `address` in file 0.
pub fn node<'g>(graph: &'g Graph, address: &str) -> &'g super::model::Node {
    graph
        .node_at(FileId(0), address)
        .unwrap_or_else(|| panic!("no node at {address}"))
}
