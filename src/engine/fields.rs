//! Reading a field of a value: the graph's fields as src/lang/schema.rs declares them,
//! raw resource properties, and fields of lists (read from every item) and of values that
//! depend on conditions (read in every branch).

use std::sync::Arc;

use super::context::Context;
use super::value::{AttachedTo, AttachmentVal, Loc, Member, Obj, PrincipalVal, Val, at};
use crate::graph::{
    EdgeKind, Effect, Endpoint, Node, NodeKind, Origin, PolicyKind, Possible, Principal,
    PrincipalKind, Statement,
};
use crate::iam::Answer;
use crate::iam::policies::{Attached, policy_set};
use crate::iam::statement::document_statements;
use crate::load::{Change, ValueKind};
use crate::source::FileId;

impl<'g> Context<'g> {
    /// The field `name` of `base`; absent when the value has no such field.
    pub fn field(&self, base: &Val<'g>, name: &str) -> Val<'g> {
        match base {
            Val::Obj(obj) => self.obj_field(obj, name),
            Val::List(members) => {
                let mut out = Vec::with_capacity(members.len());
                for member in members.iter() {
                    match self.field(&member.value, name) {
                        Val::List(inner) => out.extend(inner.iter().map(|item| Member {
                            value: item.value.clone(),
                            held: member.held.clone().and(item.held.clone()),
                        })),
                        Val::Absent => {}
                        value => out.push(Member {
                            value,
                            held: member.held.clone(),
                        }),
                    }
                }
                Val::members(out)
            }
            Val::OneOf(branches) => Val::OneOf(Arc::new(
                branches
                    .iter()
                    .map(|branch| self.field(branch, name))
                    .collect(),
            )),
            Val::Unknown(_) => base.clone(),
            _ => Val::Absent,
        }
    }

    fn obj_field(&self, obj: &Obj<'g>, name: &str) -> Val<'g> {
        match obj {
            Obj::Node(node) => self.node_field(node, name),
            Obj::Document(document, file) => match name {
                "version" => match &document.body {
                    Possible::Known(body) => Val::from_optional_term(body.version.as_ref(), None),
                    _ => Val::Absent,
                },
                "statements" => {
                    let (statements, unknown) = document_statements(document);
                    let mut members: Vec<Member<'g>> = statements
                        .into_iter()
                        .map(|(statement, conditional)| Member {
                            value: Val::Obj(Obj::Statement(statement, document, *file)),
                            held: if conditional {
                                Answer::SOMETIMES
                            } else {
                                Answer::YES
                            },
                        })
                        .collect();
                    if let Some(reason) = unknown {
                        members.push(Member {
                            value: Val::unknown(reason.as_str()),
                            held: Answer::unknown(reason),
                        });
                    }
                    Val::members(members)
                }
                _ => Val::Absent,
            },
            Obj::Statement(statement, _, file) => statement_field(statement, *file, name),
            Obj::Principal(principal) => match name {
                "kind" => Val::Text(principal.kind.clone(), principal.loc),
                "values" => match principal.entry {
                    Some(entry) => {
                        Val::from_texts(Some(&entry.values), principal.loc.map(|loc| loc.file))
                    }
                    None => Val::list([Val::Text("*".into(), principal.loc)]),
                },
                _ => Val::Absent,
            },
            Obj::Condition(condition, file) => {
                let loc = at(*file, condition.span);
                match name {
                    "operator" => Val::Text(Arc::from(&*condition.operator), loc),
                    "key" => Val::Text(Arc::from(&*condition.key), loc),
                    "values" => Val::from_texts(Some(&condition.values), *file),
                    _ => Val::Absent,
                }
            }
            Obj::Attachment(attachment) => match name {
                "policy" => match &attachment.policy {
                    Ok(id) => self
                        .graph
                        .node(*id)
                        .map_or(Val::Absent, |node| Val::Obj(Obj::Node(node))),
                    Err(reason) => Val::unknown(reason.clone()),
                },
                "form" => Val::text(&attachment.via.form),
                "via" => Val::text(&attachment.via.address),
                "principal" => match attachment.principal {
                    AttachedTo::Node(node) => Val::Obj(Obj::Node(node)),
                    AttachedTo::Endpoint(Endpoint::Node { id }) => self
                        .graph
                        .node(*id)
                        .map_or(Val::Absent, |node| Val::Obj(Obj::Node(node))),
                    AttachedTo::Endpoint(Endpoint::Unresolved { reason }) => {
                        Val::unknown(reason.clone())
                    }
                    AttachedTo::Endpoint(Endpoint::Outside { .. }) => Val::Absent,
                },
                "principal_type" => principal_type(self, attachment),
                "conditional" => Val::flag(attachment.conditional),
                _ => Val::Absent,
            },
            Obj::Resource(resource, file) => match name {
                "properties" => self.raw(&resource.properties, *file),
                _ => declared_field(
                    self,
                    Declared {
                        file: *file,
                        address: &resource.address,
                        resource_type: &resource.resource_type,
                        change: resource.change,
                        conditional: resource.condition.is_some(),
                        cdk_path: resource.cdk_path.as_deref(),
                    },
                    name,
                ),
            },
            Obj::Raw(value, file) => match &value.kind {
                ValueKind::Map(entries) => entries
                    .iter()
                    .find(|field| &*field.key == name)
                    .map_or(Val::Absent, |field| self.raw(&field.value, *file)),
                _ => Val::Absent,
            },
            Obj::Deleted(gone) => match name {
                "service_linked" => gone.service_linked.as_ref().map_or(Val::Absent, |text| {
                    Val::from_text(text, Some(gone.origin.file))
                }),
                _ => self.origin_field(&gone.origin, name),
            },
            Obj::Grant(grant) => match name {
                "action" => Val::Text(grant.action.as_str().into(), grant.loc),
                "policy" => grant
                    .policy
                    .and_then(|id| self.graph.node(id))
                    .map_or(Val::Absent, |node| Val::Obj(Obj::Node(node))),
                "sid" => grant.sid.as_deref().map_or(Val::Absent, Val::text),
                "reach" => grant.reach.map_or(Val::Absent, Val::text),
                "examples" => Val::list(grant.examples.iter().map(|e| Val::text(e))),
                "conditional" => Val::flag(grant.conditional),
                "iam_condition" => Val::flag(grant.iam_condition),
                _ => Val::Absent,
            },
        }
    }

    /// A raw property value: scalars become texts, numbers and answers at their place,
    /// lists become lists, mappings stay raw so their fields can be read.
    pub fn raw(&self, value: &'g crate::load::Value, file: FileId) -> Val<'g> {
        let loc = Some(Loc {
            file,
            span: value.span,
        });
        match &value.kind {
            ValueKind::Str(text) => Val::Text(Arc::from(&**text), loc),
            // Kept as written, at its place: comparisons read texts of numbers as numbers.
            ValueKind::Number(text) => Val::Text(Arc::from(&**text), loc),
            ValueKind::Bool(flag) => Val::flag(*flag),
            ValueKind::Null => Val::Null,
            ValueKind::Absent => Val::Absent,
            ValueKind::List(items) => Val::list(items.iter().map(|item| self.raw(item, file))),
            ValueKind::Map(_) => Val::Obj(Obj::Raw(value, file)),
            ValueKind::OneOf(branches) => Val::OneOf(Arc::new(
                branches
                    .iter()
                    .map(|branch| self.raw(branch, file))
                    .collect(),
            )),
            ValueKind::Template(_) | ValueKind::Reference(_) | ValueKind::Unknown(_) => {
                Val::from_term(&crate::graph::Term::from_value(value), loc)
            }
        }
    }

    fn node_field(&self, node: &'g Node, name: &str) -> Val<'g> {
        let file = node.file();
        let text = |text: &crate::graph::Text| Val::from_text(text, file);
        let term = |term: &crate::graph::Term| Val::from_term(term, None);
        let specific = match (&node.kind, name) {
            (NodeKind::Role(role), "name") => Some(text(&role.name)),
            (NodeKind::Role(role), "path") => Some(term(&role.path)),
            (NodeKind::Role(role), "trust") => Some(Val::Obj(Obj::Document(&role.trust, file))),
            (NodeKind::Role(role), "max_session_duration") => Some(
                role.max_session_duration
                    .as_ref()
                    .map_or(Val::Absent, |value| number(term(value))),
            ),
            (NodeKind::Role(role), "service_linked") => {
                Some(role.service_linked.as_ref().map_or(Val::Absent, &text))
            }
            (NodeKind::User(identity) | NodeKind::Group(identity), "name") => {
                Some(text(&identity.name))
            }
            (NodeKind::User(identity) | NodeKind::Group(identity), "path") => {
                Some(term(&identity.path))
            }
            (NodeKind::Role(_) | NodeKind::User(_) | NodeKind::Group(_), "declared") => {
                Some(Val::flag(!node.is_outside()))
            }
            // An identity outside the scan has no address of its own; messages that name
            // one by address show its name.
            (NodeKind::Role(role), "address") if node.is_outside() => Some(text(&role.name)),
            (NodeKind::User(identity) | NodeKind::Group(identity), "address")
                if node.is_outside() =>
            {
                Some(text(&identity.name))
            }
            (NodeKind::Role(_) | NodeKind::User(_) | NodeKind::Group(_), "display") => {
                Some(Val::Text(self.display(node).into(), None))
            }
            (NodeKind::User(_), "groups") => {
                Some(self.linked(node, EdgeKind::GroupMembership, true))
            }
            (NodeKind::Group(_), "users") => {
                Some(self.linked(node, EdgeKind::GroupMembership, false))
            }
            (NodeKind::PermissionSet(set), "name") => Some(text(&set.name)),
            (NodeKind::PermissionSet(set), "session_duration") => {
                Some(set.session_duration.as_ref().map_or(Val::Absent, &term))
            }
            (NodeKind::SlackChannel(channel), "channel_id") => Some(term(&channel.channel_id)),
            (NodeKind::SlackChannel(channel), "team_id") => Some(term(&channel.team_id)),
            (NodeKind::SlackChannel(_), "role") => Some(self.channel_role(node)),
            (NodeKind::SlackWorkspace(workspace), "team_id") => Some(term(&workspace.team_id)),
            (NodeKind::Policy(policy), _) => self.policy_field(node, policy, name),
            (
                NodeKind::Role(_)
                | NodeKind::User(_)
                | NodeKind::Group(_)
                | NodeKind::PermissionSet(_),
                "attachments" | "policies" | "boundary",
            ) => Some(self.permission_field(node, name)),
            _ => None,
        };
        match (specific, &node.origin) {
            (Some(value), _) => value,
            (None, Some(origin)) => self.origin_field(origin, name),
            (None, None) => Val::Absent,
        }
    }

    fn policy_field(
        &self,
        node: &'g Node,
        policy: &'g crate::graph::Policy,
        name: &str,
    ) -> Option<Val<'g>> {
        let file = node.origin.as_ref().map(|origin| origin.file);
        Some(match name {
            "name" => policy
                .name
                .as_ref()
                .map_or(Val::Absent, |text| Val::from_text(text, file)),
            "kind" => Val::text(match &policy.kind {
                PolicyKind::CustomerManaged { .. } => "customer",
                PolicyKind::Inline => "inline",
                PolicyKind::AwsManaged { .. } => "aws-managed",
                PolicyKind::External { .. } => "external",
            }),
            "key" => match &policy.kind {
                PolicyKind::AwsManaged { key } => Val::text(key),
                _ => Val::Absent,
            },
            "path" => match &policy.kind {
                PolicyKind::CustomerManaged { path } => Val::from_term(path, None),
                _ => Val::Absent,
            },
            "arn" => match &policy.kind {
                PolicyKind::External { arn } => Val::from_term(arn, None),
                _ => Val::Absent,
            },
            "document" => Val::Obj(Obj::Document(policy.document.get(), file)),
            _ => return None,
        })
    }

    /// `attachments`, `policies` and `boundary` of a principal, as IAM gathers them.
    fn permission_field(&self, node: &'g Node, name: &str) -> Val<'g> {
        let set = policy_set(self.graph, node.id);
        let attachment = |attached: &Attached<'g>| {
            let policy = match &attached.source {
                crate::iam::policies::Source::Unknown {
                    policy: None,
                    reason,
                    ..
                } => Err(reason.as_str().into()),
                source => source.policy().ok_or_else(|| "no policy".into()),
            };
            Member {
                value: Val::Obj(Obj::Attachment(Arc::new(AttachmentVal {
                    via: attached.via,
                    conditional: attached.conditional,
                    policy,
                    principal: AttachedTo::Node(node),
                }))),
                held: if attached.conditional {
                    Answer::SOMETIMES
                } else {
                    Answer::YES
                },
            }
        };
        match name {
            "attachments" => Val::members(set.identity.iter().map(attachment)),
            "policies" => {
                let attachments = Val::members(set.identity.iter().map(attachment));
                self.field(&attachments, "policy")
            }
            _ => {
                let boundaries: Vec<Val<'g>> = set
                    .boundaries
                    .iter()
                    .map(|attached| self.field(&attachment(attached).value, "policy"))
                    .collect();
                match boundaries.len() {
                    0 => Val::Absent,
                    1 => boundaries.into_iter().next().unwrap_or(Val::Absent),
                    _ => Val::OneOf(Arc::new(boundaries)),
                }
            }
        }
    }

    /// The nodes linked to `node` by edges of `kind`, following them forwards or back.
    fn linked(&self, node: &'g Node, kind: EdgeKind, forwards: bool) -> Val<'g> {
        let edges: Vec<_> = if forwards {
            self.graph.edges_from(node.id).collect()
        } else {
            self.graph.edges_to(node.id).collect()
        };
        Val::members(
            edges
                .into_iter()
                .filter(|edge| edge.kind == kind)
                .filter_map(|edge| {
                    let end = if forwards { &edge.to } else { &edge.from };
                    let value = match end {
                        Endpoint::Node { id } => Val::Obj(Obj::Node(self.graph.node(*id)?)),
                        Endpoint::Unresolved { reason } => Val::unknown(reason.clone()),
                        Endpoint::Outside { name, .. } => Val::unknown(format!(
                            "`{}` is not declared in the inputs",
                            name.display()
                        )),
                    };
                    Some(Member {
                        value,
                        held: if edge.conditional {
                            Answer::SOMETIMES
                        } else {
                            Answer::YES
                        },
                    })
                }),
        )
    }

    /// A channel's role: the role node, unknown, or one of several.
    fn channel_role(&self, node: &'g Node) -> Val<'g> {
        let Val::List(members) = self.linked(node, EdgeKind::ChannelRole, true) else {
            return Val::Absent;
        };
        match members.as_slice() {
            [] => Val::Absent,
            [only] if only.held.is_certain() => only.value.clone(),
            several => Val::OneOf(Arc::new(several.iter().map(|m| m.value.clone()).collect())),
        }
    }

    fn origin_field(&self, origin: &'g Origin, name: &str) -> Val<'g> {
        declared_field(
            self,
            Declared {
                file: origin.file,
                address: &origin.address,
                resource_type: &origin.resource_type,
                change: origin.change,
                conditional: origin.condition.is_some(),
                cdk_path: origin.cdk_path.as_deref(),
            },
            name,
        )
    }
}

/// What every declared resource has, whether read from a graph node's origin or from the
/// loaded resource itself.
struct Declared<'g> {
    file: FileId,
    address: &'g str,
    resource_type: &'g str,
    change: Change,
    conditional: bool,
    cdk_path: Option<&'g str>,
}

/// The fields every declared resource has.
fn declared_field<'g>(context: &Context<'g>, declared: Declared<'g>, name: &str) -> Val<'g> {
    let Declared {
        file,
        address,
        resource_type,
        change,
        conditional,
        cdk_path,
    } = declared;
    match name {
        "address" => Val::text(address),
        "type" => Val::text(resource_type),
        "file" => Val::Text(context.path(file).into(), None),
        "change" => Val::text(change_name(change)),
        "conditional" => Val::flag(conditional),
        "cdk_path" => cdk_path.map_or(Val::Absent, Val::text),
        "snapshot" => Val::flag(context.is_snapshot(file)),
        "resource" => context
            .resource(file, address)
            .map_or(Val::Absent, |resource| {
                Val::Obj(Obj::Resource(resource, file))
            }),
        _ => Val::Absent,
    }
}

/// The kind of principal an attachment attaches to: from the node, the entity named, or
/// else the declaring form (`aws_iam_role_policy_attachment`, `AWS::IAM::Policy.Roles`).
fn principal_type<'g>(context: &Context<'g>, attachment: &AttachmentVal<'g>) -> Val<'g> {
    let node = match attachment.principal {
        AttachedTo::Node(node) => Some(node),
        AttachedTo::Endpoint(Endpoint::Node { id }) => context.graph.node(*id),
        AttachedTo::Endpoint(_) => None,
    };
    let kind = match (node.map(|node| &node.kind), attachment.principal) {
        (Some(NodeKind::Role(_)), _) => Some("role"),
        (Some(NodeKind::User(_)), _) => Some("user"),
        (Some(NodeKind::Group(_)), _) => Some("group"),
        (Some(NodeKind::PermissionSet(_)), _) => Some("permission_set"),
        (_, AttachedTo::Endpoint(Endpoint::Outside { entity, .. })) => match entity {
            crate::graph::OutsideKind::Role => Some("role"),
            crate::graph::OutsideKind::User => Some("user"),
            crate::graph::OutsideKind::Group => Some("group"),
            crate::graph::OutsideKind::Policy => None,
        },
        _ => {
            let form = attachment.via.form.to_ascii_lowercase();
            if form.contains("ssoadmin") || form.contains("permissionset") {
                Some("permission_set")
            } else if form.contains("role") {
                Some("role")
            } else if form.contains("user") {
                Some("user")
            } else if form.contains("group") {
                Some("group")
            } else {
                None
            }
        }
    };
    kind.map_or_else(
        || Val::unknown("the kind of principal is not known"),
        Val::text,
    )
}

/// A plan change as rules write it.
pub fn change_name(change: Change) -> &'static str {
    match change {
        Change::Declared => "declared",
        Change::Create => "create",
        Change::Update => "update",
        Change::NoOp => "no-op",
        Change::Delete => "delete",
        Change::Replace => "replace",
        Change::Read => "read",
        Change::Forget => "forget",
    }
}

/// A text that holds a number, as a number.
fn number(value: Val<'_>) -> Val<'_> {
    match &value {
        Val::Text(text, _) => text.parse::<f64>().map_or(value.clone(), Val::Number),
        _ => value,
    }
}

fn statement_field<'g>(statement: &'g Statement, file: Option<FileId>, name: &str) -> Val<'g> {
    let texts = |possible: &'g Option<Possible<Vec<crate::graph::Text>>>| {
        Val::from_texts(possible.as_ref(), file)
    };
    match name {
        // Messages say "statement {sid}": one without a Sid (or with Terraform's empty
        // one) is named by its 1-based position.
        "sid" => match statement.sid.as_ref().filter(|sid| sid.known() != Some("")) {
            Some(sid) => Val::from_term(sid, at(file, statement.span)),
            None => Val::Text(
                (statement.index + 1).to_string().into(),
                at(file, statement.span),
            ),
        },
        "index" => Val::Number(statement.index as f64),
        "effect" => {
            let loc = at(file, statement.span);
            match &statement.effect {
                Possible::Known(effect) => effect_val(effect, loc),
                possible => {
                    Val::from_possible(possible, &mut |effect| vec![effect_val(effect, loc)])
                }
            }
        }
        "actions" => texts(&statement.action),
        "not_actions" => texts(&statement.not_action),
        "resources" => texts(&statement.resource),
        "not_resources" => texts(&statement.not_resource),
        "principals" => principals(statement.principal.as_ref(), statement, file),
        "not_principals" => principals(statement.not_principal.as_ref(), statement, file),
        "conditions" => Val::from_possible(&statement.condition, &mut |conditions| {
            conditions
                .iter()
                .map(|condition| Val::Obj(Obj::Condition(condition, file)))
                .collect()
        }),
        "conditional" => Val::flag(statement.conditional),
        _ => Val::Absent,
    }
}

fn effect_val<'g>(effect: &Effect, loc: Option<Loc>) -> Val<'g> {
    let text = match effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
        Effect::Invalid(text) => text,
    };
    Val::Text(text.into(), loc)
}

fn principals<'g>(
    principal: Option<&'g Possible<Principal>>,
    statement: &'g Statement,
    file: Option<FileId>,
) -> Val<'g> {
    let Some(principal) = principal else {
        return Val::list([]);
    };
    Val::from_possible(principal, &mut |principal| match principal {
        Principal::Any | Principal::Invalid(_) => {
            let kind = match principal {
                Principal::Any => "any",
                _ => "invalid",
            };
            vec![Val::Obj(Obj::Principal(Arc::new(PrincipalVal {
                kind: kind.into(),
                entry: None,
                loc: at(file, statement.span),
            })))]
        }
        Principal::Entries(entries) => entries
            .iter()
            .map(|entry| {
                let kind: Arc<str> = match &entry.kind {
                    PrincipalKind::Aws => "aws".into(),
                    PrincipalKind::Service => "service".into(),
                    PrincipalKind::Federated => "federated".into(),
                    PrincipalKind::CanonicalUser => "canonical-user".into(),
                    PrincipalKind::Other(key) => Arc::from(&**key),
                };
                Val::Obj(Obj::Principal(Arc::new(PrincipalVal {
                    kind,
                    entry: Some(entry),
                    loc: at(file, entry.span),
                })))
            })
            .collect(),
    })
}
