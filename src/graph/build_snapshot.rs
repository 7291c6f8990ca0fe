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

use super::build::{
    Builder, Linked, PendingEdge, Scope, Target, iam_path, origin, text_or_generated,
};
use super::link::Link;
use super::model::{
    EdgeKind, Identity, NodeKind, OutsideKind, Policy, PolicyDocument, PolicyKind, Role,
    SlackChannel, Via,
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
pub(super) fn link(link: Link) -> Linked {
    let mut links = Links {
        builder: link.builder,
        scope: link.scope,
        resource: link.resource,
        linked: link.linked,
    };
    links.entity();
    links.linked
}

impl Links<'_> {
    /// The links of a role, user, group or channel.
    fn entity(&mut self) {
        let (entity, name_key, inline_key) = match &*self.resource.resource_type {
            ROLE => (OutsideKind::Role, "RoleName", "RolePolicyList"),
            USER => (OutsideKind::User, "UserName", "UserPolicyList"),
            GROUP => (OutsideKind::Group, "GroupName", "GroupPolicyList"),
            CHANNEL => return self.channel_role(),
            _ => return,
        };
        let resource = self.resource;
        let Some(name) = resource.properties.get(name_key).and_then(Value::as_str) else {
            return;
        };
        let scope = self.scope;
        let links = self;
        let (principal, the_codes) = match links.builder.node_at(scope.file(), &resource.address) {
            Some(id) => (Target::Node(id), false),
            None => match links.code_node(entity, name) {
                Some(target) => (target, true),
                // The code deletes it: nothing of it is left.
                None => return,
            },
        };
        for (item, _) in items(resource, "AttachedManagedPolicies") {
            if let Some(arn) = item.get("PolicyArn") {
                links.attach_policies(
                    EdgeKind::Attachment,
                    &principal,
                    arn,
                    "AttachedManagedPolicies",
                );
            }
        }
        for (item, _) in items(resource, inline_key) {
            links.inline(&principal, item, inline_key);
        }
        // The code's declaration of an entity says its boundary.
        if !the_codes
            && let Some(boundary) = resource
                .properties
                .get("PermissionsBoundary")
                .and_then(|boundary| boundary.get("PermissionsBoundaryArn"))
        {
            links.attach_policies(
                EdgeKind::PermissionsBoundary,
                &principal,
                boundary,
                "PermissionsBoundary",
            );
        }
        if entity == OutsideKind::User {
            for (group, _) in items(resource, "GroupList") {
                let Some(group_name) = group.as_str() else {
                    continue;
                };
                if links
                    .builder
                    .code_declares_name(OutsideKind::Group, group_name)
                    == Some(false)
                {
                    continue;
                }
                let named = Named::Principal(OutsideKind::Group);
                for target in resolve::resolve(links.builder, scope, group, named) {
                    links.edge(
                        EdgeKind::GroupMembership,
                        principal.clone(),
                        target.target,
                        target.span,
                        "GroupList",
                    );
                }
            }
        }
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

/// The links of one snapshot entity.
struct Links<'a> {
    builder: &'a Builder,
    scope: &'a Scope<'a>,
    resource: &'a Resource,
    linked: Linked,
}

impl Links<'_> {
    /// A Support App channel's role, by its ARN.
    fn channel_role(&mut self) {
        let Some(this) = self
            .builder
            .node_at(self.scope.file(), &self.resource.address)
        else {
            return;
        };
        let Some(arn) = self.resource.properties.get("channelRoleArn") else {
            return;
        };
        let role = arn
            .as_str()
            .and_then(|arn| arn.rsplit_once('/'))
            .map(|(_, name)| name);
        if role.is_some_and(|name| {
            self.builder.code_declares_name(OutsideKind::Role, name) == Some(false)
        }) {
            return;
        }
        for target in resolve::resolve(self.builder, self.scope, arn, Named::RoleArn) {
            self.edge(
                EdgeKind::ChannelRole,
                Target::Node(this),
                target.target,
                target.span,
                "channelRoleArn",
            );
        }
    }

    /// The code's node of the entity the code declares, when the code leaves it in place.
    fn code_node(&self, entity: OutsideKind, name: &str) -> Option<Target> {
        if self.builder.code_declares_name(entity, name) != Some(true) {
            return None;
        }
        self.builder
            .named_ignoring_case(self.scope.file(), entity, name)
            .map(Target::Node)
    }

    /// Edges of `kind` from `principal` to the managed policy `arn` names, unless the code
    /// deletes that policy.
    fn attach_policies(&mut self, kind: EdgeKind, principal: &Target, arn: &Value, property: &str) {
        if let Some(text) = arn.as_str()
            && !text.contains(AWS_POLICY)
            && let Some((_, name)) = text.rsplit_once('/')
            && self.builder.code_declares_name(OutsideKind::Policy, name) == Some(false)
        {
            return;
        }
        let named = Named::PolicyArn { bare_names: false };
        for target in resolve::resolve(self.builder, self.scope, arn, named) {
            self.edge(
                kind,
                principal.clone(),
                target.target,
                target.span,
                property,
            );
        }
    }

    /// An inline policy entry `{PolicyName, PolicyDocument}` of the entity.
    fn inline(&mut self, principal: &Target, item: &Value, property: &str) {
        let name = item.get("PolicyName").map(Text::from_value);
        let mut warnings = Vec::new();
        let document = match item.get("PolicyDocument") {
            Some(value) => resolve::document(&mut warnings, self.scope, value),
            None => Document::unknown(item.span, "the inline policy has no document"),
        };
        warnings
            .into_iter()
            .for_each(|warning| self.linked.problem(warning));
        let policy = Policy {
            kind: PolicyKind::Inline,
            name,
            document: PolicyDocument::Declared(document),
        };
        let mut at = origin(self.scope.file(), self.resource);
        at.span = item.span;
        let target = Target::NewInline(Box::new((at, policy)));
        self.edge(
            EdgeKind::Attachment,
            principal.clone(),
            target,
            item.span,
            property,
        );
    }

    fn edge(&mut self, kind: EdgeKind, from: Target, to: Target, span: Span, property: &str) {
        let via = Via {
            file: self.scope.file(),
            address: self.resource.address.clone(),
            form: format!("{}.{property}", self.resource.resource_type).into(),
            span,
        };
        self.linked.edge(PendingEdge {
            kind,
            from,
            to,
            via,
            conditional: false,
            observed: true,
        });
    }
}
