//! The CloudFormation side of the graph: which resource types declare IAM entities and
//! which properties attach them (AWS CloudFormation resource reference for
//! `AWS::IAM::*`, `AWS::SSO::PermissionSet` and `AWS::SupportApp::*`).
//!
//! `Ref` of a role, user or group is its name and of a managed policy its ARN; the
//! loader hands both over as references, which resolve to the node whatever the
//! attribute. SAM functions' implicit roles arrive as `AWS::IAM::Role` resources whose
//! `ManagedPolicyArns` may hold bare AWS managed policy names, as SAM allows.

use super::build::{
    Linked, Scope, iam_path, property, service_linked, service_linked_trust, text_or_generated,
};
use super::link::{BoundaryKeys, Link, Source, boundary_blocks, customer_references};
use super::model::{
    EdgeKind, Identity, NodeKind, OutsideKind, PermissionSet, Policy, PolicyDocument, PolicyKind,
    Role, SlackChannel, SlackWorkspace,
};
use super::policy::Document;
use super::resolve::{self, Named};
use super::term::{Term, Text};
use crate::load::Resource;
use crate::problem::Problem;

const CLOUDFORMATION_BOUNDARY: BoundaryKeys = BoundaryKeys {
    managed_policy_arn: "ManagedPolicyArn",
    customer_reference: "CustomerManagedPolicyReference",
};

/// The node a resource declares, if it declares one.
pub(super) fn declare(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    resource: &Resource,
) -> Option<NodeKind> {
    let name = |key: &str| text_or_generated(resource, key, "CloudFormation generates it");
    let mut document = |key: &str| match resource.properties.get(key) {
        Some(value) => resolve::document(warnings, scope, value),
        None => Document::unknown(resource.span, format!("`{key}` is not set")),
    };
    Some(match &*resource.resource_type {
        "AWS::IAM::Role" => NodeKind::Role(Role {
            name: name("RoleName"),
            path: iam_path(resource, "Path"),
            trust: document("AssumeRolePolicyDocument"),
            max_session_duration: property(resource, "MaxSessionDuration").map(Term::from_value),
            service_linked: service_linked(resource),
        }),
        "AWS::IAM::ServiceLinkedRole" => NodeKind::Role(Role {
            name: Text {
                span: resource.span,
                term: Term::Unknown("chosen by AWS for the linked service".into()),
            },
            path: Term::Unknown("chosen by AWS for the linked service".into()),
            trust: service_linked_trust(resource),
            max_session_duration: None,
            service_linked: service_linked(resource),
        }),
        "AWS::IAM::User" => NodeKind::User(Identity {
            name: name("UserName"),
            path: iam_path(resource, "Path"),
        }),
        "AWS::IAM::Group" => NodeKind::Group(Identity {
            name: name("GroupName"),
            path: iam_path(resource, "Path"),
        }),
        "AWS::IAM::ManagedPolicy" => NodeKind::Policy(Policy {
            kind: PolicyKind::CustomerManaged {
                path: iam_path(resource, "Path"),
            },
            name: Some(name("ManagedPolicyName")),
            document: PolicyDocument::Declared(document("PolicyDocument")),
        }),
        "AWS::IAM::Policy"
        | "AWS::IAM::RolePolicy"
        | "AWS::IAM::UserPolicy"
        | "AWS::IAM::GroupPolicy" => NodeKind::Policy(Policy {
            kind: PolicyKind::Inline,
            name: Some(name("PolicyName")),
            document: PolicyDocument::Declared(document("PolicyDocument")),
        }),
        "AWS::SSO::PermissionSet" => NodeKind::PermissionSet(PermissionSet {
            name: name("Name"),
            session_duration: property(resource, "SessionDuration").map(Term::from_value),
        }),
        "AWS::SupportApp::SlackChannelConfiguration" => NodeKind::SlackChannel(SlackChannel {
            channel_id: name("ChannelId").term,
            team_id: name("TeamId").term,
        }),
        "AWS::SupportApp::SlackWorkspaceConfiguration" => {
            NodeKind::SlackWorkspace(SlackWorkspace {
                team_id: name("TeamId").term,
            })
        }
        _ => return None,
    })
}

/// The edges a resource declares.
pub(super) fn link(mut link: Link) -> Linked {
    let resource = link.resource;
    match &*resource.resource_type {
        "AWS::IAM::Role" => {
            principal_properties(&mut link);
            boundary(&mut link);
        }
        "AWS::IAM::User" => {
            link.out_to(
                EdgeKind::GroupMembership,
                "Groups",
                Named::Principal(OutsideKind::Group),
                false,
            );
            principal_properties(&mut link);
            boundary(&mut link);
        }
        "AWS::IAM::Group" => principal_properties(&mut link),
        "AWS::IAM::ManagedPolicy" | "AWS::IAM::Policy" => {
            let this = link.this();
            for (key, entity) in [
                ("Roles", OutsideKind::Role),
                ("Users", OutsideKind::User),
                ("Groups", OutsideKind::Group),
            ] {
                let principals = link.resolve(key, Named::Principal(entity), false);
                link.pairs(
                    EdgeKind::Attachment,
                    &principals,
                    &this,
                    Some(key),
                    Source::Declared,
                );
            }
        }
        "AWS::IAM::RolePolicy" => inline(&mut link, "RoleName", OutsideKind::Role),
        "AWS::IAM::UserPolicy" => inline(&mut link, "UserName", OutsideKind::User),
        "AWS::IAM::GroupPolicy" => inline(&mut link, "GroupName", OutsideKind::Group),
        "AWS::IAM::UserToGroupAddition" => {
            let users = link.resolve("Users", Named::Principal(OutsideKind::User), true);
            let groups = link.resolve("GroupName", Named::Principal(OutsideKind::Group), true);
            link.pairs(
                EdgeKind::GroupMembership,
                &users,
                &groups,
                None,
                Source::Declared,
            );
        }
        "AWS::SSO::PermissionSet" => permission_set(&mut link),
        "AWS::SupportApp::SlackChannelConfiguration" => link.channel_role("ChannelRoleArn"),
        _ => {}
    }
    link.linked
}

/// `ManagedPolicyArns` and `Policies` of a role, user or group.
fn principal_properties(link: &mut Link) {
    link.out_to(
        EdgeKind::Attachment,
        "ManagedPolicyArns",
        Named::PolicyArn { bare_names: true },
        false,
    );
    let Some(listed) = link.resource.properties.get("Policies") else {
        return;
    };
    for (entry, conditional) in resolve::items(listed) {
        let name = entry.get("PolicyName").map(Text::from_value);
        let document = match entry.get("PolicyDocument") {
            Some(document) => link.document(document),
            None => Document::unknown(entry.span, "the policy entry has no `PolicyDocument`"),
        };
        link.hold_inline(
            name,
            document,
            entry.span,
            "Policies",
            conditional,
            Source::Declared,
        );
    }
}

fn boundary(link: &mut Link) {
    link.out_to(
        EdgeKind::PermissionsBoundary,
        "PermissionsBoundary",
        Named::PolicyArn { bare_names: false },
        false,
    );
}

/// `AWS::IAM::RolePolicy` and its user and group twins: the resource is the policy.
fn inline(link: &mut Link, principal_key: &str, entity: OutsideKind) {
    let principals = link.resolve(principal_key, Named::Principal(entity), true);
    let this = link.this();
    link.pairs(
        EdgeKind::Attachment,
        &principals,
        &this,
        Some(principal_key),
        Source::Declared,
    );
}

fn permission_set(link: &mut Link) {
    link.out_to(
        EdgeKind::Attachment,
        "ManagedPolicies",
        Named::PolicyArn { bare_names: false },
        false,
    );
    let this = link.this();
    let references = customer_references(
        link.resource
            .properties
            .get("CustomerManagedPolicyReferences"),
    );
    link.pairs(
        EdgeKind::Attachment,
        &this,
        &references,
        Some("CustomerManagedPolicyReferences"),
        Source::Declared,
    );
    if let Some(inline) = property(link.resource, "InlinePolicy") {
        let document = link.document(inline);
        link.hold_inline(
            None,
            document,
            inline.span,
            "InlinePolicy",
            false,
            Source::Declared,
        );
    }
    let boundary = link.resource.properties.get("PermissionsBoundary");
    let policies = boundary_blocks(link, boundary, CLOUDFORMATION_BOUNDARY);
    link.pairs(
        EdgeKind::PermissionsBoundary,
        &this,
        &policies,
        Some("PermissionsBoundary"),
        Source::Declared,
    );
}
