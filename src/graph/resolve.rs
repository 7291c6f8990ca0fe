//! Finding what a property names: the role, user, group, permission set or policy behind
//! a name, an ARN, or a reference to another resource of the same input, and the policy
//! document behind a value (a mapping, JSON text, or a Terraform policy document data
//! source).
//!
//! Lists and conditions are walked here once for every attachment form: each item or
//! branch yields one [`Resolved`] target, and a branch of a condition is marked
//! conditional. What cannot be determined becomes [`Target::Unresolved`] with the
//! reason; nothing is guessed.

use super::arn::{Account, parse_iam_arn};
use super::build::{Builder, Scope, Target};
use super::managed;
use super::model::{NodeKind, OutsideKind, Policy, PolicyKind};
use super::policy::{Document, read_document};
use super::policy_blocks::terraform_policy_document;
use super::term::Term;
use crate::load::{Mode, Reference, Resource, TextPart, Value, ValueKind};
use crate::problem::Problem;
use crate::source::Span;

/// How deep references may chain (a reference to a data source whose attribute is
/// itself a reference); real inputs need two steps at most.
const MAX_REFERENCE_DEPTH: usize = 8;

/// One target named by a property.
pub(super) struct Resolved {
    pub target: Target,
    /// The span of the item that names it.
    pub span: Span,
    /// Whether it is named only in some branches of a condition.
    pub conditional: bool,
}

/// What a property names.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Named {
    /// A role, user or group by name (or by reference).
    Principal(OutsideKind),
    /// A role by ARN (or by reference).
    RoleArn,
    /// A managed policy by ARN (or by reference); with `bare_names`, a text without
    /// `arn:` is an AWS managed policy name (SAM `Policies`).
    PolicyArn { bare_names: bool },
    /// A permission set by ARN reference.
    PermissionSet,
}

/// The items of a property value: list items and condition branches, with absent
/// branches dropped.
pub(super) fn items(value: &Value) -> Vec<(&Value, bool)> {
    let mut out = Vec::new();
    let mut pending = vec![(value, false)];
    while let Some((value, conditional)) = pending.pop() {
        match &value.kind {
            ValueKind::List(items) => {
                pending.extend(items.iter().rev().map(|item| (item, conditional)))
            }
            ValueKind::OneOf(branches) => {
                pending.extend(branches.iter().rev().map(|branch| (branch, true)))
            }
            ValueKind::Absent | ValueKind::Null => {}
            _ => out.push((value, conditional)),
        }
    }
    out
}

/// Everything `value` names as `named`.
pub(super) fn resolve(
    builder: &Builder,
    scope: &Scope,
    value: &Value,
    named: Named,
) -> Vec<Resolved> {
    items(value)
        .into_iter()
        .map(|(item, conditional)| Resolved {
            target: leaf(builder, scope, item, named, 0),
            span: item.span,
            conditional,
        })
        .collect()
}

fn leaf(builder: &Builder, scope: &Scope, value: &Value, named: Named, depth: usize) -> Target {
    match &value.kind {
        ValueKind::Reference(reference) => by_reference(builder, scope, reference, named, depth),
        ValueKind::Template(parts) => match parts.as_slice() {
            [TextPart::Reference(reference)] => {
                by_reference(builder, scope, reference, named, depth)
            }
            _ => match built_from_parts(builder, scope, parts, named, depth) {
                Some(target) => target,
                None => by_text(builder, scope, &Term::from_value(value), named),
            },
        },
        ValueKind::Str(_) => by_text(builder, scope, &Term::from_value(value), named),
        ValueKind::Unknown(unknown) => Target::Unresolved(unknown.reason.clone()),
        _ => Target::Unresolved("the value is neither a name nor an ARN".into()),
    }
}

fn by_reference(
    builder: &Builder,
    scope: &Scope,
    reference: &Reference,
    named: Named,
    depth: usize,
) -> Target {
    let address = &*reference.address;
    let Some(scope) = scope_of(scope, reference) else {
        return Target::Unresolved("the input that declares it did not load".into());
    };
    let scope = &scope;
    let Some(resource) = scope.resource(address) else {
        return Target::Unresolved(format!("`{address}` is not declared in this input").into());
    };
    if let Some(id) = builder.node_at(scope.file(), address)
        && builder.kind(id).is_some_and(|kind| fits(kind, named))
    {
        return Target::Node(id);
    }
    if !resource.change.exists_after() {
        return Target::Unresolved(format!("`{address}` is deleted by the plan").into());
    }
    // A data source (or a resource of another kind) stands for what its attribute says.
    let attribute = reference.attribute.as_deref();
    let via_attribute = attribute.and_then(|attribute| resource.properties.get(attribute));
    if let Some(value) = via_attribute
        && depth < MAX_REFERENCE_DEPTH
        && !matches!(value.kind, ValueKind::Unknown(_) | ValueKind::Null)
    {
        return leaf(builder, scope, value, named, depth + 1);
    }
    if let Some(target) = policy_data_source_by_name(resource, named) {
        return target;
    }
    match via_attribute.map(|value| &value.kind) {
        Some(ValueKind::Unknown(unknown)) => Target::Unresolved(unknown.reason.clone()),
        _ => Target::Unresolved(format!("`{address}` does not name a {}", named.noun()).into()),
    }
}

/// The scope a reference resolves in: its own input's, or the other input it names.
fn scope_of<'a>(scope: &Scope<'a>, reference: &Reference) -> Option<Scope<'a>> {
    match reference.file {
        Some(file) if file != scope.file() => scope.of_file(file),
        _ => Some(*scope),
    }
}

/// An ARN built from parts whose name is a reference (docs/rules.md, "ARNs built from
/// parts"): `!Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AppRole}` (the `Ref`
/// of a role is its name), the same written with `Fn::Join`, or Terraform's
/// `arn:${data.aws_partition.p.partition}:...:role/${aws_iam_role.r.name}`. The name
/// part is resolved as a name wherever it leads (a resource of the scan, a data source's
/// attribute); `None` when the parts are not such an ARN, so that the text is read as it
/// is.
fn built_from_parts(
    builder: &Builder,
    scope: &Scope,
    parts: &[TextPart],
    named: Named,
    depth: usize,
) -> Option<Target> {
    let (TextPart::Reference(reference), prefix) = parts.split_last()? else {
        return None;
    };
    // `Ref` of a role, user or group, and Terraform's `name` (and a role's `id`) are the
    // name; an ARN attribute in the name's place makes no ARN.
    if !matches!(reference.attribute.as_deref(), None | Some("name" | "id")) {
        return None;
    }
    // The ARN read with a stand-in for its name tells what kind of entity it names and
    // under which path.
    let mut with_name = prefix.to_vec();
    with_name.push(TextPart::Literal("name".into()));
    let arn = parse_iam_arn(&Term::from_parts(&with_name)).ok()?;
    let entity = match (&*arn.resource_type, named) {
        ("role", Named::RoleArn) => OutsideKind::Role,
        ("policy", Named::PolicyArn { .. }) if arn.account == Account::Customer => {
            OutsideKind::Policy
        }
        _ => return None,
    };
    match by_reference(builder, scope, reference, Named::Principal(entity), depth) {
        // A customer policy that is not declared is known by its ARN, as when written out.
        Target::Outside(OutsideKind::Policy, ..) => Some(Target::External(Term::from_parts(parts))),
        target => Some(target),
    }
}

/// `data "aws_iam_policy"` looked up by name, when its ARN is not known at plan time.
fn policy_data_source_by_name(resource: &Resource, named: Named) -> Option<Target> {
    if resource.mode != Mode::Data || &*resource.resource_type != "aws_iam_policy" {
        return None;
    }
    if !matches!(named, Named::PolicyArn { .. }) {
        return None;
    }
    let name = resource.properties.get("name")?.as_str()?;
    if let Some(embedded) = managed::by_name(name) {
        return Some(Target::AwsManaged(embedded.key.into()));
    }
    // The data source searches AWS managed and customer policies alike; a name that is
    // not one of the embedded AWS policies may be either, and exists outside the scan.
    let path = resource.properties.get("path_prefix").map(Term::from_value);
    Some(Target::Outside(
        OutsideKind::Policy,
        Term::Known(name.into()),
        path,
    ))
}

fn by_text(builder: &Builder, scope: &Scope, term: &Term, named: Named) -> Target {
    match named {
        Named::Principal(entity) => match term.known() {
            Some(name) => by_name(builder, scope, entity, name, None),
            None => Target::Unresolved(
                format!(
                    "the name `{}` is not known before deployment",
                    term.display()
                )
                .into(),
            ),
        },
        Named::RoleArn => match parse_iam_arn(term) {
            Ok(arn) if &*arn.resource_type == "role" => by_name(
                builder,
                scope,
                OutsideKind::Role,
                &arn.name,
                Some(&arn.path),
            ),
            Ok(_) => Target::Unresolved(format!("`{}` is not a role ARN", term.display()).into()),
            Err(reason) => Target::Unresolved(reason.into()),
        },
        Named::PolicyArn { bare_names } => policy_by_text(builder, scope, term, bare_names),
        Named::PermissionSet => Target::Unresolved(
            format!(
                "permission set `{}` is not declared in this input",
                term.display()
            )
            .into(),
        ),
    }
}

fn policy_by_text(builder: &Builder, scope: &Scope, term: &Term, bare_names: bool) -> Target {
    if bare_names
        && let Some(name) = term.known()
        && !name.starts_with("arn:")
    {
        // SAM expands a bare name to the AWS managed policy of that name.
        let key = managed::by_name(name).map_or(name, |embedded| embedded.key);
        return Target::AwsManaged(key.into());
    }
    match parse_iam_arn(term) {
        Ok(arn) if &*arn.resource_type != "policy" => {
            Target::Unresolved(format!("`{}` is not a policy ARN", term.display()).into())
        }
        Ok(arn) if arn.account == Account::Aws => Target::AwsManaged(arn.managed_key()),
        Ok(arn) => match by_name(
            builder,
            scope,
            OutsideKind::Policy,
            &arn.name,
            Some(&arn.path),
        ) {
            Target::Outside(..) => Target::External(term.clone()),
            found => found,
        },
        Err(reason) => Target::Unresolved(reason.into()),
    }
}

/// The declared entity with `name` (and `path`, when the node's path is known), or the
/// entity outside the scan.
fn by_name(
    builder: &Builder,
    scope: &Scope,
    entity: OutsideKind,
    name: &str,
    path: Option<&str>,
) -> Target {
    let matching = builder.named(scope.file(), entity, name).find(|id| {
        let node_path = match builder.kind(*id) {
            Some(NodeKind::Role(role)) => role.path.known(),
            Some(NodeKind::User(identity) | NodeKind::Group(identity)) => identity.path.known(),
            Some(NodeKind::Policy(Policy {
                kind: PolicyKind::CustomerManaged { path },
                ..
            })) => path.known(),
            _ => None,
        };
        match (path, node_path) {
            (Some(wanted), Some(declared)) => wanted == declared,
            _ => true,
        }
    });
    match matching {
        Some(id) => Target::Node(id),
        None => Target::Outside(
            entity,
            Term::Known(name.into()),
            path.map(|p| Term::Known(p.into())),
        ),
    }
}

/// Whether a node is what a property names.
fn fits(kind: &NodeKind, named: Named) -> bool {
    match (kind, named) {
        (NodeKind::Role(_), Named::Principal(OutsideKind::Role) | Named::RoleArn) => true,
        (NodeKind::User(_), Named::Principal(OutsideKind::User)) => true,
        (NodeKind::Group(_), Named::Principal(OutsideKind::Group)) => true,
        (
            NodeKind::Policy(policy),
            Named::PolicyArn { .. } | Named::Principal(OutsideKind::Policy),
        ) => {
            matches!(policy.kind, PolicyKind::CustomerManaged { .. })
        }
        (NodeKind::PermissionSet(_), Named::PermissionSet) => true,
        _ => false,
    }
}

impl Named {
    fn noun(self) -> &'static str {
        match self {
            Named::Principal(OutsideKind::Role) | Named::RoleArn => "role",
            Named::Principal(OutsideKind::User) => "user",
            Named::Principal(OutsideKind::Group) => "group",
            Named::Principal(OutsideKind::Policy) | Named::PolicyArn { .. } => "managed policy",
            Named::PermissionSet => "permission set",
        }
    }
}

/// The policy document `value` holds or refers to. A string that is not JSON is also
/// reported, as a warning pushed on `warnings`.
pub(super) fn document(warnings: &mut Vec<Problem>, scope: &Scope, value: &Value) -> Document {
    document_within(warnings, scope, value, 0)
}

/// [`document`] for a value reached through `depth` policy document data sources (which
/// may merge others, and a crafted input may make them refer to each other).
pub(super) fn document_within(
    warnings: &mut Vec<Problem>,
    scope: &Scope,
    value: &Value,
    depth: usize,
) -> Document {
    if depth > MAX_REFERENCE_DEPTH {
        return Document::unknown(
            value.span,
            "policy documents refer to each other too deeply",
        );
    }
    let mut current = value;
    let mut scope = *scope;
    for _ in 0..MAX_REFERENCE_DEPTH {
        let reference = match &current.kind {
            ValueKind::Reference(reference) => reference,
            ValueKind::Template(parts) => match parts.as_slice() {
                [TextPart::Reference(reference)] => reference,
                _ => break,
            },
            _ => break,
        };
        let Some(resource) = scope_of(&scope, reference)
            .inspect(|found| scope = *found)
            .and_then(|found| found.resource(&reference.address))
        else {
            let reason = format!("`{}` is not declared in this input", reference.address);
            return Document::unknown(value.span, reason);
        };
        if &*resource.resource_type == "aws_iam_policy_document" {
            return terraform_policy_document(warnings, &scope, resource, value.span, depth + 1);
        }
        match reference
            .attribute
            .as_deref()
            .and_then(|a| resource.properties.get(a))
        {
            Some(next) => current = next,
            None => break,
        }
    }
    let read = read_document(current);
    if let Some(message) = read.invalid_json {
        warnings.push(Problem::warning(
            "policy-invalid-json",
            scope.file(),
            current.span,
            format!("This policy document is not valid JSON ({message}); rules cannot read it."),
        ));
    }
    Document {
        span: value.span,
        ..read.document
    }
}
