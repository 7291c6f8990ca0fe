//! The Terraform side of the graph: which AWS (and awscc) provider resource types
//! declare IAM entities, and which attributes of which types attach them.
//!
//! Attribute names and semantics follow terraform-provider-aws (and awscc): attachment
//! targets are names (`role = "support"`) or references, policies are JSON strings,
//! a role's `managed_policy_arns` and `inline_policy` are observed attributes that
//! repeat what attachment resources declare, and the `*_exclusive` resources are the
//! whole truth for their principal.

use super::build::{
    ExclusiveList, Linked, Scope, iam_path, property, service_linked, service_linked_trust,
    text_or_generated,
};
use super::link::{BoundaryKeys, Link, Source, boundary_blocks, customer_references};
use super::model::{
    EdgeKind, Identity, NodeKind, OutsideKind, PermissionSet, Policy, PolicyDocument, PolicyKind,
    Role, SlackChannel, SlackWorkspace,
};
use super::policy::Document;
use super::resolve::{self, Named};
use super::term::{Term, Text};
use crate::load::{Mode, Resource, Value, ValueKind};
use crate::problem::Problem;

/// The node a managed resource declares, if it declares one.
pub(super) fn declare(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    resource: &Resource,
) -> Option<NodeKind> {
    if resource.mode != Mode::Managed {
        return None;
    }
    let text = |key: &str| text_or_generated(resource, key, "it is chosen at apply");
    Some(match &*resource.resource_type {
        "aws_iam_role" => NodeKind::Role(Role {
            name: text("name"),
            path: iam_path(resource, "path"),
            trust: document(warnings, scope, resource, "assume_role_policy"),
            max_session_duration: property(resource, "max_session_duration").map(Term::from_value),
            service_linked: service_linked(resource),
        }),
        "aws_iam_service_linked_role" => NodeKind::Role(Role {
            name: text("name"),
            path: iam_path(resource, "path"),
            trust: service_linked_trust(resource),
            max_session_duration: None,
            service_linked: service_linked(resource),
        }),
        "aws_iam_user" | "aws_iam_group" => {
            let identity = Identity {
                name: text("name"),
                path: iam_path(resource, "path"),
            };
            if &*resource.resource_type == "aws_iam_user" {
                NodeKind::User(identity)
            } else {
                NodeKind::Group(identity)
            }
        }
        "aws_iam_policy" => NodeKind::Policy(Policy {
            kind: PolicyKind::CustomerManaged {
                path: iam_path(resource, "path"),
            },
            name: Some(text("name")),
            document: PolicyDocument::Declared(document(warnings, scope, resource, "policy")),
        }),
        "aws_iam_role_policy" | "aws_iam_user_policy" | "aws_iam_group_policy" => {
            NodeKind::Policy(Policy {
                kind: PolicyKind::Inline,
                name: Some(text("name")),
                document: PolicyDocument::Declared(document(warnings, scope, resource, "policy")),
            })
        }
        "aws_ssoadmin_permission_set_inline_policy" => NodeKind::Policy(Policy {
            kind: PolicyKind::Inline,
            name: None,
            document: PolicyDocument::Declared(document(
                warnings,
                scope,
                resource,
                "inline_policy",
            )),
        }),
        "aws_ssoadmin_permission_set" | "awscc_sso_permission_set" => {
            NodeKind::PermissionSet(PermissionSet {
                name: text("name"),
                session_duration: property(resource, "session_duration").map(Term::from_value),
            })
        }
        "awscc_supportapp_slack_channel_configuration" => NodeKind::SlackChannel(SlackChannel {
            channel_id: text("channel_id").term,
            team_id: text("team_id").term,
        }),
        "awscc_supportapp_slack_workspace_configuration" => {
            NodeKind::SlackWorkspace(SlackWorkspace {
                team_id: text("team_id").term,
            })
        }
        _ => return None,
    })
}

/// The keys of Identity Center permissions boundary blocks in Terraform.
const TERRAFORM_BOUNDARY: BoundaryKeys = BoundaryKeys {
    managed_policy_arn: "managed_policy_arn",
    customer_reference: "customer_managed_policy_reference",
};

/// The edges a resource declares.
pub(super) fn link(mut link: Link) -> Linked {
    let resource = link.resource;
    if resource.mode != Mode::Managed {
        return link.linked;
    }
    let policy_arn = Named::PolicyArn { bare_names: false };
    match &*resource.resource_type {
        "aws_iam_role" => {
            let this = link.this();
            // A computed list the plan cannot show yet says nothing about attachments
            // (a configured list the loader could not follow would be a reference).
            let computed = property(resource, "managed_policy_arns")
                .is_some_and(|value| matches!(value.kind, ValueKind::Unknown(_)));
            let policies = if computed {
                Vec::new()
            } else {
                link.resolve("managed_policy_arns", policy_arn, false)
            };
            link.pairs(
                EdgeKind::Attachment,
                &this,
                &policies,
                Some("managed_policy_arns"),
                Source::Observed,
            );
            inline_blocks(&mut link);
            boundary(&mut link);
        }
        "aws_iam_user" => boundary(&mut link),
        "aws_iam_role_policy_attachment" => attach(&mut link, "role", OutsideKind::Role),
        "aws_iam_user_policy_attachment" => attach(&mut link, "user", OutsideKind::User),
        "aws_iam_group_policy_attachment" => attach(&mut link, "group", OutsideKind::Group),
        "aws_iam_policy_attachment" => {
            let policies = link.resolve("policy_arn", policy_arn, true);
            for (key, entity) in [
                ("roles", OutsideKind::Role),
                ("users", OutsideKind::User),
                ("groups", OutsideKind::Group),
            ] {
                let principals = link.resolve(key, Named::Principal(entity), false);
                link.pairs(
                    EdgeKind::Attachment,
                    &principals,
                    &policies,
                    None,
                    Source::Declared,
                );
            }
        }
        "aws_iam_role_policy" => inline(&mut link, "role", OutsideKind::Role),
        "aws_iam_user_policy" => inline(&mut link, "user", OutsideKind::User),
        "aws_iam_group_policy" => inline(&mut link, "group", OutsideKind::Group),
        "aws_iam_role_policy_attachments_exclusive" => {
            exclusive_managed(&mut link, "role_name", OutsideKind::Role)
        }
        "aws_iam_user_policy_attachments_exclusive" => {
            exclusive_managed(&mut link, "user_name", OutsideKind::User)
        }
        "aws_iam_group_policy_attachments_exclusive" => {
            exclusive_managed(&mut link, "group_name", OutsideKind::Group)
        }
        "aws_iam_role_policies_exclusive" => {
            exclusive_inline(&mut link, "role_name", OutsideKind::Role)
        }
        "aws_iam_user_policies_exclusive" => {
            exclusive_inline(&mut link, "user_name", OutsideKind::User)
        }
        "aws_iam_group_policies_exclusive" => {
            exclusive_inline(&mut link, "group_name", OutsideKind::Group)
        }
        "aws_iam_group_membership" => membership(&mut link, "users", "group"),
        "aws_iam_user_group_membership" => membership(&mut link, "user", "groups"),
        "aws_ssoadmin_managed_policy_attachment" => {
            let sets = link.resolve("permission_set_arn", Named::PermissionSet, true);
            let policies = link.resolve("managed_policy_arn", policy_arn, true);
            link.pairs(
                EdgeKind::Attachment,
                &sets,
                &policies,
                None,
                Source::Declared,
            );
        }
        "aws_ssoadmin_permission_set_inline_policy" => {
            let sets = link.resolve("permission_set_arn", Named::PermissionSet, true);
            let this = link.this();
            link.pairs(EdgeKind::Attachment, &sets, &this, None, Source::Declared);
        }
        "aws_ssoadmin_customer_managed_policy_attachment" => {
            let sets = link.resolve("permission_set_arn", Named::PermissionSet, true);
            let policies =
                customer_references(resource.properties.get("customer_managed_policy_reference"));
            link.pairs(
                EdgeKind::Attachment,
                &sets,
                &policies,
                None,
                Source::Declared,
            );
        }
        "aws_ssoadmin_permissions_boundary_attachment" => {
            let sets = link.resolve("permission_set_arn", Named::PermissionSet, true);
            let policies = boundary_blocks(
                &link,
                resource.properties.get("permissions_boundary"),
                TERRAFORM_BOUNDARY,
            );
            link.pairs(
                EdgeKind::PermissionsBoundary,
                &sets,
                &policies,
                None,
                Source::Declared,
            );
        }
        "awscc_sso_permission_set" => awscc_permission_set(&mut link),
        "awscc_supportapp_slack_channel_configuration" => link.channel_role("channel_role_arn"),
        _ => {}
    }
    link.linked
}

fn document(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    resource: &Resource,
    key: &str,
) -> Document {
    match resource.properties.get(key) {
        Some(value) => resolve::document(warnings, scope, value),
        None => Document::unknown(resource.span, format!("`{key}` is not set")),
    }
}

/// An attachment resource: `principal_key` names the principal, `policy_arn` the policy.
fn attach(link: &mut Link, principal_key: &str, entity: OutsideKind) {
    let principals = link.resolve(principal_key, Named::Principal(entity), true);
    let policies = link.resolve("policy_arn", Named::PolicyArn { bare_names: false }, true);
    link.pairs(
        EdgeKind::Attachment,
        &principals,
        &policies,
        None,
        Source::Declared,
    );
}

/// An inline policy resource: the resource is the policy node.
fn inline(link: &mut Link, principal_key: &str, entity: OutsideKind) {
    let principals = link.resolve(principal_key, Named::Principal(entity), true);
    let this = link.this();
    link.pairs(
        EdgeKind::Attachment,
        &principals,
        &this,
        None,
        Source::Declared,
    );
}

fn boundary(link: &mut Link) {
    link.out_to(
        EdgeKind::PermissionsBoundary,
        "permissions_boundary",
        Named::PolicyArn { bare_names: false },
        false,
    );
}

/// A role's `inline_policy` blocks (observed: they also show `aws_iam_role_policy`
/// resources).
fn inline_blocks(link: &mut Link) {
    let Some(blocks) = link.resource.properties.get("inline_policy") else {
        return;
    };
    for (block, conditional) in resolve::items(blocks) {
        let name = block.get("name").filter(|name| name.as_str() != Some(""));
        let policy = block
            .get("policy")
            .filter(|policy| policy.as_str() != Some(""));
        // The provider keeps one empty block when a role has no inline policy.
        if name.is_none() && policy.is_none() {
            continue;
        }
        let document = match policy {
            Some(policy) => link.document(policy),
            None => Document::unknown(block.span, "the inline policy has no document"),
        };
        let name = name.map(Text::from_value);
        link.hold_inline(
            name,
            document,
            block.span,
            "inline_policy",
            conditional,
            Source::Observed,
        );
    }
}

fn exclusive_managed(link: &mut Link, principal_key: &str, entity: OutsideKind) {
    // Destroying an exclusive resource leaves its policies attached.
    if link.removing {
        return;
    }
    let principals = link.resolve(principal_key, Named::Principal(entity), true);
    let policies = link.resolve("policy_arns", Named::PolicyArn { bare_names: false }, false);
    link.pairs(
        EdgeKind::Attachment,
        &principals,
        &policies,
        None,
        Source::Declared,
    );
    let known_list =
        property(link.resource, "policy_arns").is_some_and(|value| value.as_list().is_some());
    let allowed = if known_list {
        ExclusiveList::Managed(policies.into_iter().map(|policy| policy.target).collect())
    } else {
        ExclusiveList::Unknown
    };
    link.exclusive(&principals, allowed);
}

fn exclusive_inline(link: &mut Link, principal_key: &str, entity: OutsideKind) {
    let principals = link.resolve(principal_key, Named::Principal(entity), true);
    let names = property(link.resource, "policy_names")
        .and_then(Value::as_list)
        .and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(Box::from))
                .collect::<Option<Vec<_>>>()
        });
    let allowed = names.map_or(ExclusiveList::Unknown, ExclusiveList::InlineNames);
    link.exclusive(&principals, allowed);
}

fn membership(link: &mut Link, users_key: &str, groups_key: &str) {
    let users = link.resolve(users_key, Named::Principal(OutsideKind::User), true);
    let groups = link.resolve(groups_key, Named::Principal(OutsideKind::Group), true);
    link.pairs(
        EdgeKind::GroupMembership,
        &users,
        &groups,
        None,
        Source::Declared,
    );
}

fn awscc_permission_set(link: &mut Link) {
    link.out_to(
        EdgeKind::Attachment,
        "managed_policies",
        Named::PolicyArn { bare_names: false },
        false,
    );
    let this = link.this();
    let references = link
        .resource
        .properties
        .get("customer_managed_policy_references");
    let customer = customer_references(references);
    link.pairs(
        EdgeKind::Attachment,
        &this,
        &customer,
        Some("customer_managed_policy_references"),
        Source::Declared,
    );
    if let Some(inline) = property(link.resource, "inline_policy") {
        let document = link.document(inline);
        link.hold_inline(
            None,
            document,
            inline.span,
            "inline_policy",
            false,
            Source::Declared,
        );
    }
    let policies = boundary_blocks(
        link,
        link.resource.properties.get("permissions_boundary"),
        TERRAFORM_BOUNDARY,
    );
    link.pairs(
        EdgeKind::PermissionsBoundary,
        &this,
        &policies,
        Some("permissions_boundary"),
        Source::Declared,
    );
}
