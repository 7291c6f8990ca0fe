//! The account snapshot side of the graph: the live account's roles, users, groups,
//! managed policies and Support App channels (src/load/snapshot), and the attachments,
//! inline policies, boundaries, memberships and channel roles between them.
//!
//! A snapshot is the account the code is applied to (docs/graph.md, "Account snapshots"):
//! its links are *observed*, like a Terraform role's `managed_policy_arns`, so a link the
//! code declares too is kept once (the code's), a link a plan deletes is removed, and an
//! exclusive form supersedes them. An entity the code declares is the code's node: the
//! snapshot's attachments and inline policies of it attach to that node, its trust,
//! path and boundary are the code's; an entity the code deletes is gone, links and all.

use super::build::{Linked, PendingEdge, Scope, Target, iam_path, origin, text_or_generated};
use super::link::Link;
use super::model::{
    EdgeKind, Identity, NodeKind, OutsideKind, Policy, PolicyDocument, PolicyKind, Role,
    SlackChannel,
};
use super::outside::service_linked;
use super::policy::Document;
use super::resolve::{self, Named};
use super::term::Text;
use crate::load::snapshot::{CHANNEL, GROUP, POLICY, ROLE, USER};
use crate::load::{Resource, Value};
use crate::problem::Problem;
use crate::source::Span;

/// Where the AWS managed policies of an ARN live.
const AWS_POLICY: &str = ":iam::aws:policy/";

/// The node a snapshot entity declares.
pub(super) fn declare(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    resource: &Resource,
) -> Option<NodeKind> {
    let generated = "the snapshot does not give it";
    let text = |key: &str| text_or_generated(resource, key, generated);
    let document = |warnings: &mut Vec<Problem>, key: &str, missing: &str| match resource
        .properties
        .get(key)
    {
        Some(value) => resolve::document(warnings, scope, value),
        None => Document::unknown(resource.span, missing),
    };
    Some(match &*resource.resource_type {
        ROLE => {
            let name = text("RoleName");
            let path = iam_path(resource, "Path");
            NodeKind::Role(Role {
                service_linked: service_linked(name.term.known().unwrap_or_default(), &path),
                trust: document(
                    warnings,
                    "AssumeRolePolicyDocument",
                    "the snapshot does not include the role's trust policy",
                ),
                max_session_duration: None,
                name,
                path,
            })
        }
        USER => NodeKind::User(Identity {
            name: text("UserName"),
            path: iam_path(resource, "Path"),
        }),
        GROUP => NodeKind::Group(Identity {
            name: text("GroupName"),
            path: iam_path(resource, "Path"),
        }),
        POLICY => {
            let document = PolicyDocument::Declared(document(
                warnings,
                "Document",
                "the snapshot does not include the policy's default version",
            ));
            let kind = match resource.address.split_once(AWS_POLICY) {
                Some((_, key)) => PolicyKind::AwsManaged { key: key.into() },
                None => PolicyKind::CustomerManaged {
                    path: iam_path(resource, "Path"),
                },
            };
            NodeKind::Policy(Policy {
                kind,
                name: Some(text("PolicyName")),
                document,
            })
        }
        CHANNEL => NodeKind::SlackChannel(SlackChannel {
            channel_id: text("channelId").term,
            team_id: text("teamId").term,
        }),
        _ => return None,
    })
}

/// The edges a snapshot entity declares.
pub(super) fn link(mut link: Link) -> Linked {
    match &*link.resource.resource_type {
        ROLE => principal(&mut link, OutsideKind::Role, "RoleName", "RolePolicyList"),
        USER => principal(&mut link, OutsideKind::User, "UserName", "UserPolicyList"),
        GROUP => principal(
            &mut link,
            OutsideKind::Group,
            "GroupName",
            "GroupPolicyList",
        ),
        CHANNEL => channel_role(&mut link),
        _ => {}
    }
    link.linked
}

/// The links of a role, user or group: its attachments, inline policies, boundary and
/// (a user's) group memberships.
fn principal(link: &mut Link, entity: OutsideKind, name_key: &str, inline_key: &str) {
    let (resource, scope) = (link.resource, link.scope);
    let Some(name) = resource.properties.get(name_key).and_then(Value::as_str) else {
        return;
    };
    let (principal, the_codes) = match link.builder.node_at(scope.file(), &resource.address) {
        Some(id) => (Target::Node(id), false),
        None => match code_node(link, entity, name) {
            Some(target) => (target, true),
            // The code deletes it: nothing of it is left.
            None => return,
        },
    };
    for (item, _) in items(resource, "AttachedManagedPolicies") {
        if let Some(arn) = item.get("PolicyArn") {
            let kind = EdgeKind::Attachment;
            attach_policies(link, kind, &principal, arn, "AttachedManagedPolicies");
        }
    }
    for (item, _) in items(resource, inline_key) {
        inline(link, &principal, item, inline_key);
    }
    // The code's declaration of an entity says its boundary.
    if !the_codes
        && let Some(boundary) = resource
            .properties
            .get("PermissionsBoundary")
            .and_then(|boundary| boundary.get("PermissionsBoundaryArn"))
    {
        let kind = EdgeKind::PermissionsBoundary;
        attach_policies(link, kind, &principal, boundary, "PermissionsBoundary");
    }
    if entity != OutsideKind::User {
        return;
    }
    for (group, _) in items(resource, "GroupList") {
        let Some(group_name) = group.as_str() else {
            continue;
        };
        if link
            .builder
            .code_declares_name(OutsideKind::Group, group_name)
            == Some(false)
        {
            continue;
        }
        let named = Named::Principal(OutsideKind::Group);
        edges_to(
            link,
            EdgeKind::GroupMembership,
            &principal,
            group,
            named,
            "GroupList",
        );
    }
}

/// The list items of property `key`.
fn items<'a>(resource: &'a Resource, key: &str) -> Vec<(&'a Value, bool)> {
    resource
        .properties
        .get(key)
        .map(resolve::items)
        .unwrap_or_default()
}

/// A Support App channel's role, by its ARN.
fn channel_role(link: &mut Link) {
    let Some(this) = link
        .builder
        .node_at(link.scope.file(), &link.resource.address)
    else {
        return;
    };
    let Some(arn) = link.resource.properties.get("channelRoleArn") else {
        return;
    };
    let role = arn
        .as_str()
        .and_then(|arn| arn.rsplit_once('/'))
        .map(|(_, name)| name);
    if role
        .is_some_and(|name| link.builder.code_declares_name(OutsideKind::Role, name) == Some(false))
    {
        return;
    }
    let this = Target::Node(this);
    edges_to(
        link,
        EdgeKind::ChannelRole,
        &this,
        arn,
        Named::RoleArn,
        "channelRoleArn",
    );
}

/// The code's node of the entity the code declares, when the code leaves it in place.
fn code_node(link: &Link, entity: OutsideKind, name: &str) -> Option<Target> {
    if link.builder.code_declares_name(entity, name) != Some(true) {
        return None;
    }
    link.builder
        .named_ignoring_case(link.scope.file(), entity, name)
        .map(Target::Node)
}

/// Edges of `kind` from `principal` to the managed policy `arn` names, unless the code
/// deletes that policy.
fn attach_policies(
    link: &mut Link,
    kind: EdgeKind,
    principal: &Target,
    arn: &Value,
    property: &str,
) {
    if let Some(text) = arn.as_str()
        && !text.contains(AWS_POLICY)
        && let Some((_, name)) = text.rsplit_once('/')
        && link.builder.code_declares_name(OutsideKind::Policy, name) == Some(false)
    {
        return;
    }
    let named = Named::PolicyArn { bare_names: false };
    edges_to(link, kind, principal, arn, named, property);
}

/// An inline policy entry `{PolicyName, PolicyDocument}` of the entity.
fn inline(link: &mut Link, principal: &Target, item: &Value, property: &str) {
    let name = item.get("PolicyName").map(Text::from_value);
    let document = match item.get("PolicyDocument") {
        Some(value) => link.document(value),
        None => Document::unknown(item.span, "the inline policy has no document"),
    };
    let policy = Policy {
        kind: PolicyKind::Inline,
        name,
        document: PolicyDocument::Declared(document),
    };
    let mut at = origin(link.scope.file(), link.resource);
    at.span = item.span;
    let target = Target::NewInline(Box::new((at, policy)));
    edge(
        link,
        EdgeKind::Attachment,
        principal.clone(),
        target,
        item.span,
        property,
    );
}

/// Edges of `kind` from `from` to everything `value` names as `named`.
fn edges_to(
    link: &mut Link,
    kind: EdgeKind,
    from: &Target,
    value: &Value,
    named: Named,
    property: &str,
) {
    for target in resolve::resolve(link.builder, link.scope, value, named) {
        edge(
            link,
            kind,
            from.clone(),
            target.target,
            target.span,
            property,
        );
    }
}

/// An observed edge declared by the entity's `property`.
fn edge(link: &mut Link, kind: EdgeKind, from: Target, to: Target, span: Span, property: &str) {
    let via = link.via(span, Some(property));
    link.linked.edge(PendingEdge {
        kind,
        from,
        to,
        via,
        conditional: false,
        observed: true,
    });
}
