//! The IAM resource graph: every role, user, group, policy, permission set and Support
//! App channel the inputs declare, linked by the attachments, boundaries, memberships
//! and channel roles that connect them, in one model for Terraform and CloudFormation.
//!
//! Rules query this graph, never raw properties: [`build`] sees through every attachment
//! form (docs/rules.md, "Attachment forms"), resolves references inside each input, applies
//! a plan's posture after apply, and keeps what cannot be known explicit so that rules
//! can answer "not evaluable" instead of guessing. The shape is described in
//! docs/graph.md.

mod action_index;
mod arn;
mod build;
mod build_cloudformation;
mod build_snapshot;
mod build_terraform;
mod json;
mod link;
mod managed;
mod model;
mod outside;
mod policy;
mod policy_blocks;
mod resolve;
mod term;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
mod text;

pub use action_index::{ActionIndex, StatementIndex, merged_positions};
pub use arn::{Account, IamArn, address_type, parse_iam_arn};
pub use build::build;
pub use json::GRAPH_VERSION;
pub use managed::{EmbeddedPolicy, by_key as embedded_policy};
pub use model::{
    DeletedResource, Edge, EdgeKind, Endpoint, Graph, Identity, Node, NodeId, NodeKind, Origin,
    OutsideKind, PermissionSet, Policy, PolicyDocument, PolicyKind, Role, SlackChannel,
    SlackWorkspace, Superseded, Via,
};
pub use policy::{
    Body, Condition, Document, Effect, Principal, PrincipalEntry, PrincipalKind, Statement,
};
pub use term::{Possible, Segment, Term, Text};
