//! The attachment operations both input languages are made of: "this resource attaches
//! these policies to these principals", "this role holds this inline document", "this
//! list is exclusive". The per-language modules only say which property plays which
//! part.

use super::build::{
    Builder, Exclusive, ExclusiveList, Linked, PendingEdge, PrincipalKey, Scope, Target, origin,
    property,
};
use super::model::{EdgeKind, Origin, OutsideKind, Policy, PolicyDocument, PolicyKind, Via};
use super::policy::Document;
use super::resolve::{self, Named, Resolved};
use super::term::{Term, Text};
use crate::load::{Resource, Value};
use crate::source::Span;

/// The links one resource declares: read off the builder, collected in `linked`.
pub(super) struct Link<'a> {
    pub builder: &'a Builder,
    /// Whether the plan deletes the resource: its links are removals.
    pub removing: bool,
    pub scope: &'a Scope<'a>,
    pub resource: &'a Resource,
    pub linked: Linked,
}

/// Whether edges come from an observed attribute (see [`PendingEdge::observed`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Declared,
    Observed,
}

impl Link<'_> {
    /// The declaration of an edge made by the resource itself (`form` = its type) or by
    /// one of its properties (`form` = `type.property`).
    pub fn via(&self, span: Span, property: Option<&str>) -> Via {
        let resource_type = &*self.resource.resource_type;
        Via {
            file: self.scope.file(),
            address: self.resource.address.clone(),
            form: match property {
                Some(property) => format!("{resource_type}.{property}").into(),
                None => resource_type.into(),
            },
            span,
        }
    }

    /// The resource's own node, as one resolved end. A resource the plan deletes has
    /// no node; as an inline policy it is still known by its name, which is what
    /// matches it against a role's observed `inline_policy` blocks.
    pub fn this(&self) -> Vec<Resolved> {
        let target = match self
            .builder
            .node_at(self.scope.file(), &self.resource.address)
        {
            Some(id) => Target::Node(id),
            None => {
                let name =
                    property(self.resource, "name").or(property(self.resource, "PolicyName"));
                match name {
                    Some(name) if self.removing => {
                        let policy = Policy {
                            kind: PolicyKind::Inline,
                            name: Some(Text::from_value(name)),
                            document: PolicyDocument::Declared(Document::unknown(
                                name.span,
                                "deleted by the plan",
                            )),
                        };
                        Target::NewInline(Box::new((
                            origin(self.scope.file(), self.resource),
                            policy,
                        )))
                    }
                    _ => Target::Unresolved("the resource declares no node".into()),
                }
            }
        };
        vec![Resolved {
            target,
            span: self.resource.span,
            conditional: false,
        }]
    }

    /// What property `key` names; a missing required property is one unresolved end,
    /// so that the edge is not lost.
    pub fn resolve(&self, key: &str, named: Named, required: bool) -> Vec<Resolved> {
        match property(self.resource, key) {
            Some(value) => resolve::resolve(self.builder, self.scope, value, named),
            None if required => vec![Resolved {
                target: Target::Unresolved(format!("`{key}` is not set").into()),
                span: self.resource.span,
                conditional: false,
            }],
            None => Vec::new(),
        }
    }

    /// Edges from every `from` to every `to`. The edge's span is the `to` item's, or the
    /// `from` item's when `to` is the resource itself; `property` names the form.
    pub fn pairs(
        &mut self,
        kind: EdgeKind,
        from: &[Resolved],
        to: &[Resolved],
        property: Option<&str>,
        source: Source,
    ) {
        let this = self
            .builder
            .node_at(self.scope.file(), &self.resource.address);
        for start in from {
            for end in to {
                let end_is_this = matches!(end.target, Target::Node(id) if Some(id) == this);
                let span = if end_is_this { start.span } else { end.span };
                let edge = PendingEdge {
                    kind,
                    from: start.target.clone(),
                    to: end.target.clone(),
                    via: self.via(span, property),
                    conditional: start.conditional
                        || end.conditional
                        || self.resource.condition.is_some(),
                    observed: source == Source::Observed,
                };
                self.linked.edge(edge);
            }
        }
    }

    /// An inline policy held by the resource's own node (a role's `Policies` entry, a
    /// permission set's inline policy): a new policy node, attached to this one.
    pub fn hold_inline(
        &mut self,
        name: Option<Text>,
        document: Document,
        span: Span,
        property: &str,
        conditional: bool,
        source: Source,
    ) {
        let policy = Policy {
            kind: PolicyKind::Inline,
            name,
            document: PolicyDocument::Declared(document),
        };
        let Some(this) = self.this().pop() else {
            return;
        };
        let edge = PendingEdge {
            kind: EdgeKind::Attachment,
            from: this.target,
            // The policy is where its entry is written, not where its holder starts.
            to: Target::NewInline(Box::new((
                Origin {
                    span,
                    ..origin(self.scope.file(), self.resource)
                },
                policy,
            ))),
            via: self.via(span, Some(property)),
            conditional: conditional || self.resource.condition.is_some(),
            observed: source == Source::Observed,
        };
        self.linked.edge(edge);
    }

    /// Edges of `kind` from the resource's own node to everything its property `key`
    /// names as `named` (a role's boundary, a channel's role, ...), declared by that
    /// property.
    pub fn out_to(&mut self, kind: EdgeKind, key: &str, named: Named, required: bool) {
        let this = self.this();
        let targets = self.resolve(key, named, required);
        self.pairs(kind, &this, &targets, Some(key), Source::Declared);
    }

    /// A Support App channel configuration's role (`key` holds the role ARN): the edge
    /// from the channel to the role the App assumes.
    pub fn channel_role(&mut self, key: &str) {
        self.out_to(EdgeKind::ChannelRole, key, Named::RoleArn, true);
    }

    /// The document of `value`.
    pub fn document(&mut self, value: &Value) -> Document {
        let mut warnings = Vec::new();
        let document = resolve::document(&mut warnings, self.scope, value);
        for warning in warnings {
            self.linked.problem(warning);
        }
        document
    }

    /// Records that `principals` (one, resolved) have exactly `allowed` after apply.
    pub fn exclusive(&mut self, principals: &[Resolved], allowed: ExclusiveList) {
        let [principal] = principals else {
            return;
        };
        if let Some(key) = PrincipalKey::of(&principal.target) {
            let via = self.via(principal.span, None);
            self.linked.exclusive(Exclusive {
                principal: key,
                allowed,
                via,
            });
        }
    }
}

/// Customer managed policy references `{name, path}` / `{Name, Path}`. Identity Center
/// looks the policy up by name in each account the permission set is provisioned to, so
/// it is outside the scan.
pub(super) fn customer_references(value: Option<&Value>) -> Vec<Resolved> {
    let Some(value) = value else {
        return Vec::new();
    };
    resolve::items(value)
        .into_iter()
        .map(|(reference, conditional)| {
            let field = |lower: &str, upper: &str| reference.get(lower).or(reference.get(upper));
            let target = match field("name", "Name").map(Term::from_value) {
                Some(Term::Unknown(reason)) => Target::Unresolved(reason),
                Some(name) => Target::Outside(
                    OutsideKind::Policy,
                    name,
                    Some(field("path", "Path").map_or(Term::Known("/".into()), Term::from_value)),
                ),
                None => Target::Unresolved("the policy reference has no name".into()),
            };
            Resolved {
                target,
                span: reference.span,
                conditional,
            }
        })
        .collect()
}

/// The keys of an Identity Center permissions boundary in one input language.
pub(super) struct BoundaryKeys {
    pub managed_policy_arn: &'static str,
    pub customer_reference: &'static str,
}

/// The policies of an Identity Center permissions boundary: an AWS or customer managed
/// policy by ARN, or a customer managed policy reference.
pub(super) fn boundary_blocks(
    link: &Link,
    boundary: Option<&Value>,
    keys: BoundaryKeys,
) -> Vec<Resolved> {
    let mut out = Vec::new();
    for (block, _) in boundary.map(resolve::items).unwrap_or_default() {
        if let Some(arn) = block
            .get(keys.managed_policy_arn)
            .filter(|arn| arn.as_str() != Some(""))
        {
            let named = Named::PolicyArn { bare_names: false };
            out.extend(resolve::resolve(link.builder, link.scope, arn, named));
        }
        out.extend(customer_references(block.get(keys.customer_reference)));
    }
    out
}
