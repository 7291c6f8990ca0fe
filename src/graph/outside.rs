//! Identities outside the scan: roles, users and groups that an attachment, membership
//! or channel configuration names but no input declares (docs/rules.md, "Identities outside
//! the scan"). Each becomes one node, whatever the number of edges that name it, so that
//! every rule judging roles, users or groups judges it with what the inputs say about it:
//! its attachments are known, its trust policy, boundary and other policies are not.
//!
//! IAM names are unique in an account without regard to case, so `Bob` and `bob` are
//! the same user; the spelling of the first edge that names it (edges the plan keeps
//! before those an exclusive form removes) is the one messages show.

use std::collections::BTreeMap;

use super::model::{EdgeKind, Endpoint, Graph, Identity, NodeId, NodeKind, OutsideKind, Role};
use super::policy::Document;
use super::term::{Term, Text};

/// The outside identities of one graph, by kind and lowercase name.
#[derive(Default)]
pub(super) struct OutsideIdentities {
    by_name: BTreeMap<(OutsideKind, Box<str>), NodeId>,
}

impl OutsideIdentities {
    /// The node of the identity `entity` called `name`, made on first use; `None` for a
    /// policy or a name that is not known (those stay [`Endpoint::Outside`]).
    pub fn node(
        &mut self,
        graph: &mut Graph,
        entity: OutsideKind,
        name: &Term,
        path: Option<&Term>,
    ) -> Option<NodeId> {
        let name = name.known()?;
        if entity == OutsideKind::Policy {
            return None;
        }
        let key = (entity, name.to_lowercase().into_boxed_str());
        if let Some(id) = self.by_name.get(&key) {
            learn_path(graph, *id, path);
            return Some(*id);
        }
        let id = NodeId(u32::try_from(graph.nodes.len()).unwrap_or(u32::MAX));
        graph.nodes.push(super::model::Node {
            id,
            origin: None,
            kind: identity_kind(entity, name, path),
            named_by: None,
        });
        self.by_name.insert(key, id);
        Some(id)
    }

    /// Anchors every outside identity at the declaration that names it: the first
    /// channel configuration that uses it as its role, else its first edge. The node's
    /// name is placed there too, so that its position reads in that file.
    pub fn anchor(&self, graph: &mut Graph) {
        for id in self.by_name.values() {
            let names_it = |end: &Endpoint| end.node() == Some(*id);
            let channel = graph
                .edges
                .iter()
                .find(|edge| edge.kind == EdgeKind::ChannelRole && names_it(&edge.to));
            // An identity named only by attachments that an exclusive form removes is
            // still named there.
            let first = || {
                graph
                    .edges
                    .iter()
                    .chain(graph.superseded.iter().map(|superseded| &superseded.edge))
                    .find(|edge| names_it(&edge.from) || names_it(&edge.to))
            };
            let Some(via) = channel.or_else(first).map(|edge| edge.via.clone()) else {
                continue;
            };
            let Some(node) = graph.nodes.get_mut(id.0 as usize) else {
                continue;
            };
            match &mut node.kind {
                NodeKind::Role(Role { name, .. })
                | NodeKind::User(Identity { name, .. })
                | NodeKind::Group(Identity { name, .. }) => name.span = via.span,
                _ => {}
            }
            node.named_by = Some(via);
        }
    }
}

/// What the inputs can say about an identity they do not declare: its name, its path
/// when an ARN gave it, and for a role whether the path makes it a service-linked role.
fn identity_kind(entity: OutsideKind, name: &str, path: Option<&Term>) -> NodeKind {
    let text = Text {
        span: Default::default(),
        term: Term::Known(name.into()),
    };
    let path = path.cloned().unwrap_or_else(unknown_path);
    match entity {
        OutsideKind::User => NodeKind::User(Identity { name: text, path }),
        OutsideKind::Group => NodeKind::Group(Identity { name: text, path }),
        OutsideKind::Role | OutsideKind::Policy => NodeKind::Role(Role {
            trust: Document::unknown(
                Default::default(),
                format!(
                    "role `{name}` is not declared in the scanned code, so its trust policy is not known"
                ),
            ),
            max_session_duration: None,
            service_linked: service_linked(name, &path),
            name: text,
            path,
        }),
    }
}

fn unknown_path() -> Term {
    Term::Unknown("the identity is not declared in the scanned code".into())
}

/// The service of a service-linked role, from its `/aws-service-role/<service>/` path,
/// or for the AWS Support role named without a path, from its fixed name.
pub(super) fn service_linked(name: &str, path: &Term) -> Option<Text> {
    let service = match path.known() {
        Some(path) => path
            .strip_prefix("/aws-service-role/")?
            .trim_end_matches('/')
            .to_owned(),
        None if name.eq_ignore_ascii_case("AWSServiceRoleForSupport") => {
            "support.amazonaws.com".to_owned()
        }
        None => return None,
    };
    Some(Text {
        span: Default::default(),
        term: Term::Known(service.into()),
    })
}

/// Keeps a path that a later ARN tells, when the node's path was not known yet.
fn learn_path(graph: &mut Graph, id: NodeId, path: Option<&Term>) {
    let Some(path @ Term::Known(_)) = path else {
        return;
    };
    let Some(node) = graph.nodes.get_mut(id.0 as usize) else {
        return;
    };
    match &mut node.kind {
        NodeKind::Role(role) if role.path.known().is_none() => {
            role.service_linked = service_linked(role.name.term.known().unwrap_or_default(), path);
            role.path = path.clone();
        }
        NodeKind::User(identity) | NodeKind::Group(identity) if identity.path.known().is_none() => {
            identity.path = path.clone();
        }
        _ => {}
    }
}
