//! The graph's data model: IAM entities as nodes, the ways they are linked as edges.
//!
//! One model for Terraform and CloudFormation: a rule asks "which policies reach this
//! role" and gets the same answer whichever language attached them; the edge still
//! says which form did (`aws_iam_role_policy_attachment`,
//! `AWS::IAM::ManagedPolicy.Roles`, ...) so that a message can name it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::managed::EmbeddedPolicy;
use super::policy::Document;
use super::term::{Term, Text};
use crate::load::Change;
use crate::problem::Problem;
use crate::source::{FileId, Span};

/// Index of a node in [`Graph::nodes`]; stable for the same inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct NodeId(pub u32);

/// The IAM graph of a scan.
#[derive(Debug, Default)]
pub struct Graph {
    /// Every node; a node's [`NodeId`] is its index here.
    pub nodes: Vec<Node>,
    /// Every edge, in the order the inputs declared them.
    pub edges: Vec<Edge>,
    /// Edges that an exclusive form (`*_exclusive` resources) overrules after apply.
    pub superseded: Vec<Superseded>,
    /// Resources a plan deletes or forgets: not in the graph, kept for the rules that
    /// report the deletion itself (SLR001).
    pub deleted: Vec<DeletedResource>,
    /// Problems found while building (policy strings that are not JSON).
    pub problems: Vec<Problem>,
    /// Each resource's main node, by file and address (looked up without a key built).
    pub(super) by_address: HashMap<FileId, HashMap<Box<str>, NodeId>>,
    pub(super) aws_managed: BTreeMap<Box<str>, NodeId>,
    /// For each node, the positions in `edges` of the edges that start / end at it.
    outgoing: Vec<Vec<usize>>,
    incoming: Vec<Vec<usize>>,
}

/// One node.
#[derive(Debug)]
pub struct Node {
    /// Its ID.
    pub id: NodeId,
    /// The resource that declares it; `None` for AWS managed and external policies, and
    /// for identities outside the scan.
    pub origin: Option<Origin>,
    /// What it is.
    pub kind: NodeKind,
    /// For a role, user or group that the inputs name but do not declare (an existing
    /// role attached by name, a channel's role given by ARN): the declaration that names
    /// it, where findings about it are anchored. A channel configuration comes first,
    /// then the first attachment or membership in edge order.
    pub named_by: Option<Via>,
}

impl Node {
    /// Whether the node is a role, user or group that the inputs name but do not
    /// declare: it exists in the account, and the inputs say only what they attach to it.
    pub fn is_outside(&self) -> bool {
        self.named_by.is_some()
    }

    /// The input file the node comes from: its declaring resource's, or for an identity
    /// outside the scan the file that names it.
    pub fn file(&self) -> Option<FileId> {
        self.origin
            .as_ref()
            .map(|origin| origin.file)
            .or(self.named_by.as_ref().map(|via| via.file))
    }
}

/// The resource behind a node or an edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Origin {
    /// The input file.
    pub file: FileId,
    /// Terraform address or CloudFormation logical ID.
    pub address: Box<str>,
    /// `aws_iam_role`, `AWS::IAM::Role`, ...
    pub resource_type: Box<str>,
    /// The resource's span.
    pub span: Span,
    /// What the plan does to it.
    pub change: Change,
    /// The CloudFormation condition it depends on.
    pub condition: Option<Box<str>>,
    /// The CDK construct path, for messages.
    pub cdk_path: Option<Box<str>>,
}

/// The kinds of node.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum NodeKind {
    /// An IAM role, service-linked roles included.
    Role(Role),
    /// An IAM user.
    User(Identity),
    /// An IAM group.
    Group(Identity),
    /// A policy: customer managed, inline, AWS managed or external.
    Policy(Policy),
    /// An IAM Identity Center permission set.
    PermissionSet(PermissionSet),
    /// An AWS Support App Slack channel configuration.
    SlackChannel(SlackChannel),
    /// An AWS Support App Slack workspace configuration.
    SlackWorkspace(SlackWorkspace),
}

/// An IAM role.
#[derive(Debug, Serialize)]
pub struct Role {
    /// The role's name (unknown when generated at deployment).
    pub name: Text,
    /// The IAM path (`/` when not given).
    pub path: Term,
    /// The trust policy (`assume_role_policy`, `AssumeRolePolicyDocument`); for a
    /// service-linked role created through its own resource type, unknown (AWS writes it).
    pub trust: Document,
    /// `max_session_duration` / `MaxSessionDuration`, when given.
    pub max_session_duration: Option<Term>,
    /// For a service-linked role, the service it is linked to (`support.amazonaws.com`).
    pub service_linked: Option<Text>,
}

/// An IAM user or group.
#[derive(Debug, Serialize)]
pub struct Identity {
    /// The name (unknown when generated at deployment).
    pub name: Text,
    /// The IAM path (`/` when not given).
    pub path: Term,
}

/// A policy node.
#[derive(Clone, Debug, Serialize)]
pub struct Policy {
    /// What kind of policy it is.
    pub kind: PolicyKind,
    /// Its name, when it has one.
    pub name: Option<Text>,
    /// Its document.
    pub document: PolicyDocument,
}

/// The kinds of policy.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PolicyKind {
    /// A customer managed policy declared by the inputs.
    CustomerManaged {
        /// Its IAM path.
        path: Term,
    },
    /// An inline policy (a role's `Policies` entry, `aws_iam_role_policy`,
    /// `AWS::IAM::Policy`, a permission set's inline policy).
    Inline,
    /// An AWS managed policy, one node for all partitions.
    AwsManaged {
        /// Path and name after `policy/` in its ARN (`AWSSupportAccess`).
        key: Box<str>,
    },
    /// A policy named by ARN that is neither AWS managed nor declared by the inputs.
    External {
        /// The ARN as written.
        arn: Term,
    },
}

/// Where a policy's document comes from.
#[derive(Clone, Debug)]
pub enum PolicyDocument {
    /// Declared by the inputs, or unknown with a reason.
    Declared(Document),
    /// One of the AWS managed policies embedded in the binary.
    Embedded(&'static EmbeddedPolicy),
}

impl PolicyDocument {
    /// The document (an embedded one is parsed on first use).
    pub fn get(&self) -> &Document {
        match self {
            PolicyDocument::Declared(document) => document,
            PolicyDocument::Embedded(policy) => policy.document(),
        }
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            embedded: Option<&'static str>,
            #[serde(flatten)]
            document: &'a Document,
        }
        let embedded = match self {
            PolicyDocument::Declared(_) => None,
            PolicyDocument::Embedded(policy) => Some(policy.file),
        };
        View {
            embedded,
            document: self.get(),
        }
        .serialize(serializer)
    }
}

/// An IAM Identity Center permission set.
#[derive(Debug, Serialize)]
pub struct PermissionSet {
    /// Its name.
    pub name: Text,
    /// `session_duration` / `SessionDuration`, when given.
    pub session_duration: Option<Term>,
}

/// An AWS Support App Slack channel configuration.
#[derive(Debug, Serialize)]
pub struct SlackChannel {
    /// The Slack channel ID.
    pub channel_id: Term,
    /// The Slack workspace (team) ID.
    pub team_id: Term,
}

/// An AWS Support App Slack workspace configuration.
#[derive(Debug, Serialize)]
pub struct SlackWorkspace {
    /// The Slack workspace (team) ID.
    pub team_id: Term,
}

/// A link between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// What links them.
    pub kind: EdgeKind,
    /// The principal (role, user, group, permission set), the Slack channel, or the
    /// member user.
    pub from: Endpoint,
    /// The policy, the channel's role, or the group.
    pub to: Endpoint,
    /// The resource and property that declare the link.
    pub via: Via,
    /// Whether the link exists only under a condition (a conditional resource, an
    /// `Fn::If` branch).
    pub conditional: bool,
}

/// The kinds of edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A policy attached to (or inline in) a role, user, group or permission set.
    Attachment,
    /// A permissions boundary of a role, user or permission set.
    PermissionsBoundary,
    /// The role a Support App Slack channel configuration uses.
    ChannelRole,
    /// A user's membership of a group (from the user to the group).
    GroupMembership,
}

/// One end of an edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Endpoint {
    /// A node of the graph.
    Node {
        /// The node.
        id: NodeId,
    },
    /// A customer managed policy named by the inputs but not declared by them (one a
    /// permission set refers to by name). Roles, users and groups outside the scan are
    /// nodes instead (see [`Node::named_by`]).
    Outside {
        /// Role, user, group or policy.
        entity: OutsideKind,
        /// Its name.
        name: Term,
        /// Its path, when known.
        path: Option<Term>,
    },
    /// An end that cannot be determined before deployment; rules treat what depends on
    /// it as not evaluable.
    Unresolved {
        /// Why, in the user's terms.
        reason: Box<str>,
    },
}

/// The entity kinds an [`Endpoint::Outside`] may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutsideKind {
    /// An IAM role.
    Role,
    /// An IAM user.
    User,
    /// An IAM group.
    Group,
    /// A customer managed policy.
    Policy,
}

/// The declaration of an edge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Via {
    /// The file.
    pub file: FileId,
    /// The declaring resource's address or logical ID.
    pub address: Box<str>,
    /// The form that declared it: a resource type (`aws_iam_role_policy_attachment`)
    /// or a type and property (`aws_iam_role.managed_policy_arns`,
    /// `AWS::IAM::Role.ManagedPolicyArns`).
    pub form: Box<str>,
    /// The span of the value that makes the link.
    pub span: Span,
}

/// An edge that an exclusive form overrules.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Superseded {
    /// The overruled edge.
    pub edge: Edge,
    /// The exclusive resource that removes it.
    pub by: Via,
}

/// A resource a plan deletes or forgets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeletedResource {
    /// The resource as it was.
    pub origin: Origin,
    /// For a service-linked role, the service it was linked to.
    pub service_linked: Option<Text>,
}

impl Endpoint {
    /// The node, when this end is one.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Endpoint::Node { id } => Some(*id),
            _ => None,
        }
    }
}

impl Graph {
    /// The node with `id`.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.0 as usize)
    }

    /// The node declared by the resource at `address` in `file` (for a resource that
    /// declares several, such as a role with inline policies, the main one).
    pub fn node_at(&self, file: FileId, address: &str) -> Option<&Node> {
        let id = self.by_address.get(&file)?.get(address)?;
        self.node(*id)
    }

    /// The AWS managed policy node with `key` (`AWSSupportAccess`,
    /// `aws-service-role/AWSSupportServiceRolePolicy`), when the inputs attach it.
    pub fn aws_managed_policy(&self, key: &str) -> Option<&Node> {
        self.node(*self.aws_managed.get(key)?)
    }

    /// The edges that start at `id`, in edge order.
    pub fn edges_from(&self, id: NodeId) -> impl Iterator<Item = &Edge> {
        self.indexed(&self.outgoing, id)
    }

    /// The edges that end at `id`, in edge order.
    pub fn edges_to(&self, id: NodeId) -> impl Iterator<Item = &Edge> {
        self.indexed(&self.incoming, id)
    }

    fn indexed<'a>(
        &'a self,
        index: &'a [Vec<usize>],
        id: NodeId,
    ) -> impl Iterator<Item = &'a Edge> {
        let positions = index.get(id.0 as usize).map_or(&[][..], Vec::as_slice);
        positions
            .iter()
            .filter_map(|&position| self.edges.get(position))
    }

    /// Builds the per-node edge indexes once the edge list is final.
    pub(super) fn index_edges(&mut self) {
        self.outgoing = vec![Vec::new(); self.nodes.len()];
        self.incoming = vec![Vec::new(); self.nodes.len()];
        for (position, edge) in self.edges.iter().enumerate() {
            if let Some(list) = edge
                .from
                .node()
                .and_then(|id| self.outgoing.get_mut(id.0 as usize))
            {
                list.push(position);
            }
            if let Some(list) = edge
                .to
                .node()
                .and_then(|id| self.incoming.get_mut(id.0 as usize))
            {
                list.push(position);
            }
        }
    }

    /// The roles, service-linked roles included.
    pub fn roles(&self) -> impl Iterator<Item = (&Node, &Role)> {
        self.nodes.iter().filter_map(|node| match &node.kind {
            NodeKind::Role(role) => Some((node, role)),
            _ => None,
        })
    }
}
