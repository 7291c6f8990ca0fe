//! Building the graph: nodes for every IAM entity the inputs declare, then edges for
//! every attachment form, then the plan's "posture after apply" (deleted attachments
//! removed from observed lists, exclusive forms applied).
//!
//! Edges are collected with unmaterialized targets first ([`Target`]) so that AWS
//! managed and external policy nodes are only created for attachments that survive,
//! and so that a deleted attachment can be matched against an observed list without
//! creating anything.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::link::Link;
use super::model::{
    DeletedResource, Edge, EdgeKind, Endpoint, Graph, Node, NodeId, NodeKind, Origin, OutsideKind,
    Policy, PolicyDocument, PolicyKind, Superseded, Via,
};
use super::outside::OutsideIdentities;
use super::policy::Document;
use super::term::{Term, Text};
use super::{build_cloudformation, build_snapshot, build_terraform, managed};
use crate::load::{InputKind, LoadedInput, Resource, Value};
use crate::problem::Problem;
use crate::source::FileId;

/// Builds the graph of all inputs. The result depends only on the inputs and their
/// order, never on hash iteration.
pub fn build(inputs: &[LoadedInput]) -> Graph {
    let index = Index::new(inputs);
    let scopes: Vec<Scope> = inputs
        .iter()
        .zip(&index.resources)
        .map(|(input, resources)| Scope {
            input,
            resources,
            index: &index,
        })
        .collect();
    // An account snapshot is the account the code is applied to: an entity the code
    // declares (or deletes) is the code's, so the names the code declares are needed
    // before the snapshot's entities are added.
    let with_snapshot = inputs
        .iter()
        .any(|input| input.kind == InputKind::AccountSnapshot);
    // What a resource declares depends only on it and its input, so it is worked out in
    // parallel (parsing policy documents is most of it), then added in input order.
    let declared: Vec<Vec<Declared>> = scopes
        .par_iter()
        .map(|scope| {
            scope
                .input
                .resources
                .par_iter()
                .map(|resource| {
                    if resource.change.exists_after() || with_snapshot {
                        declare(scope, resource)
                    } else {
                        Declared::nothing(resource)
                    }
                })
                .collect()
        })
        .collect();
    let mut builder = Builder::default();
    // The nodes declared, counted so that their list is not grown by doubling: at this
    // point of a scan every input's values are live as well.
    let declaring = declared
        .iter()
        .flatten()
        .filter(|d| d.kind.is_some())
        .count();
    builder.graph.nodes.reserve_exact(declaring);
    if with_snapshot {
        builder.code_names = code_names(&scopes, &declared);
    }
    for (scope, declared) in scopes.iter().zip(declared) {
        let from_snapshot = scope.input.kind == InputKind::AccountSnapshot;
        for Declared {
            resource,
            kind,
            warnings,
        } in declared
        {
            if !resource.change.exists_after() {
                continue;
            }
            let Some(kind) = kind else {
                builder.graph.problems.extend(warnings);
                continue;
            };
            if from_snapshot && builder.code_declares(&kind).is_some() {
                continue;
            }
            builder.graph.problems.extend(warnings);
            builder.add_node(scope.file(), resource, *kind);
        }
    }
    // The snapshot's links come after the code's: where both show one attachment, the
    // code's is kept.
    let (code, snapshots): (Vec<&Scope>, Vec<&Scope>) = scopes
        .iter()
        .partition(|scope| scope.input.kind != InputKind::AccountSnapshot);
    // Linking reads the builder only (every node is added by now), so resources are
    // linked in parallel; what they link is added in input order.
    let scopes: Vec<&Scope> = code.into_iter().chain(snapshots).collect();
    let linked: Vec<Vec<Linked>> = scopes
        .par_iter()
        .map(|scope| {
            let builder = &builder;
            scope
                .input
                .resources
                .par_iter()
                .map(|resource| link(builder, scope, resource))
                .collect()
        })
        .collect();
    let additions = linked.iter().flatten().map(|linked| linked.0.len()).sum();
    builder.pending.reserve_exact(additions);
    for (scope, linked) in scopes.iter().zip(linked) {
        for (resource, linked) in scope.input.resources.iter().zip(linked) {
            builder.removing = !resource.change.exists_after();
            if builder.removing {
                builder.graph.deleted.push(DeletedResource {
                    origin: origin(scope.file(), resource),
                    service_linked: service_linked(resource),
                });
            }
            builder.add(linked);
        }
    }
    builder.finish()
}

/// What one resource declares: its main node, if it has one, and the warnings met while
/// reading it. Every resource of a scan has one at once, most declaring nothing: the node
/// is boxed so that they take little room.
struct Declared<'a> {
    resource: &'a Resource,
    kind: Option<Box<NodeKind>>,
    warnings: Vec<Problem>,
}

impl<'a> Declared<'a> {
    /// A resource that declares nothing, not read (the plan deletes it).
    fn nothing(resource: &'a Resource) -> Declared<'a> {
        Declared {
            resource,
            kind: None,
            warnings: Vec::new(),
        }
    }
}

/// The roles, users, groups and customer managed policies the code (every input but the
/// snapshots) declares, by kind and lowercase name (IAM names ignore case), and whether
/// any declaration of each exists after apply.
fn code_names(scopes: &[Scope], declared: &[Vec<Declared>]) -> BTreeMap<NameKey, bool> {
    let mut names = BTreeMap::new();
    for (scope, declared) in scopes.iter().zip(declared) {
        if scope.input.kind == InputKind::AccountSnapshot {
            continue;
        }
        for item in declared {
            if let Some((entity, name)) = item.kind.as_deref().and_then(named_entity) {
                let exists = names
                    .entry((entity, name.to_lowercase().into_boxed_str()))
                    .or_insert(false);
                *exists |= item.resource.change.exists_after();
            }
        }
    }
    names
}

/// What `resource` links, read off the builder.
fn link(builder: &Builder, scope: &Scope, resource: &Resource) -> Linked {
    let removing = !resource.change.exists_after();
    let link = Link {
        builder,
        removing,
        scope,
        resource,
        linked: Linked::default(),
    };
    let mut linked = match scope.input.kind {
        InputKind::CloudFormation => build_cloudformation::link(link),
        InputKind::AccountSnapshot => build_snapshot::link(link),
        _ => build_terraform::link(link),
    };
    // Every resource's additions are held until all are linked, and most resources add
    // one: a list grown by pushing would hold room for four.
    linked.0.shrink_to_fit();
    linked
}

fn declare<'a>(scope: &Scope, resource: &'a Resource) -> Declared<'a> {
    let mut warnings = Vec::new();
    let kind = match scope.input.kind {
        InputKind::CloudFormation => build_cloudformation::declare(&mut warnings, scope, resource),
        InputKind::AccountSnapshot => build_snapshot::declare(&mut warnings, scope, resource),
        _ => build_terraform::declare(&mut warnings, scope, resource),
    };
    Declared {
        resource,
        kind: kind.map(Box::new),
        warnings,
    }
}

/// Every input's resources by address. A reference names a resource of its own input,
/// or of the input it says (an export imported, a nested stack's parameter or output).
struct Index<'a> {
    inputs: &'a [LoadedInput],
    /// The resources of `inputs[i]`, by address.
    resources: Vec<BTreeMap<&'a str, &'a Resource>>,
    /// Where each file's input is in `inputs`.
    by_file: BTreeMap<FileId, usize>,
}

impl<'a> Index<'a> {
    fn new(inputs: &'a [LoadedInput]) -> Index<'a> {
        let resources = inputs
            .par_iter()
            .map(|input| input.resources.iter().map(|r| (&*r.address, r)).collect())
            .collect();
        let by_file = inputs
            .iter()
            .enumerate()
            .map(|(position, input)| (input.file, position))
            .collect();
        Index {
            inputs,
            resources,
            by_file,
        }
    }
}

/// The resources of one input, by address, and the way to the other inputs of the scan.
#[derive(Clone, Copy)]
pub(super) struct Scope<'a> {
    pub input: &'a LoadedInput,
    resources: &'a BTreeMap<&'a str, &'a Resource>,
    index: &'a Index<'a>,
}

impl<'a> Scope<'a> {
    /// The scope of the input of `file`, when the scan loaded it.
    pub fn of_file(&self, file: FileId) -> Option<Scope<'a>> {
        let position = *self.index.by_file.get(&file)?;
        Some(Scope {
            input: self.index.inputs.get(position)?,
            resources: self.index.resources.get(position)?,
            index: self.index,
        })
    }

    /// The resource at `address` in this input.
    pub fn resource(&self, address: &str) -> Option<&'a Resource> {
        self.resources.get(address).copied()
    }

    /// The file of this input.
    pub fn file(&self) -> FileId {
        self.input.file
    }
}

/// An edge end before AWS managed, external and role-embedded inline policies become
/// nodes.
#[derive(Clone, Debug)]
pub(super) enum Target {
    Node(NodeId),
    AwsManaged(Box<str>),
    External(Term),
    NewInline(Box<(Origin, Policy)>),
    Outside(OutsideKind, Term, Option<Term>),
    Unresolved(Box<str>),
}

/// What linking one resource adds to the builder, in the order it was found.
#[derive(Default)]
pub(super) struct Linked(Vec<Addition>);

/// One thing a resource's links add.
enum Addition {
    Edge(PendingEdge),
    Exclusive(Exclusive),
    Problem(Problem),
}

impl Linked {
    /// Adds an edge (or, for a deleted resource, a removal).
    pub fn edge(&mut self, edge: PendingEdge) {
        self.0.push(Addition::Edge(edge));
    }

    /// Adds an exclusive form.
    pub fn exclusive(&mut self, exclusive: Exclusive) {
        self.0.push(Addition::Exclusive(exclusive));
    }

    /// Adds a problem.
    pub fn problem(&mut self, problem: Problem) {
        self.0.push(Addition::Problem(problem));
    }
}

/// An edge being collected.
#[derive(Debug)]
pub(super) struct PendingEdge {
    pub kind: EdgeKind,
    pub from: Target,
    pub to: Target,
    pub via: Via,
    pub conditional: bool,
    /// Declared by an observed attribute (a role's `managed_policy_arns` or
    /// `inline_policy` in Terraform): it repeats what attachment resources declare and
    /// may still show attachments that the plan deletes.
    pub observed: bool,
}

/// An exclusive form: after apply, the principal has exactly the listed policies of
/// its kind.
pub(super) struct Exclusive {
    pub principal: PrincipalKey,
    /// Managed policy targets, or inline policy names.
    pub allowed: ExclusiveList,
    pub via: Via,
}

/// The principal of an exclusive form: a node, or an identity outside the scan by kind
/// and lowercase name (IAM names ignore case), before it becomes a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PrincipalKey {
    Node(NodeId),
    Outside(OutsideKind, Box<str>),
}

impl PrincipalKey {
    /// The key of an edge's principal end, when it names one.
    pub fn of(target: &Target) -> Option<PrincipalKey> {
        match target {
            Target::Node(id) => Some(PrincipalKey::Node(*id)),
            Target::Outside(entity, name, _) if *entity != OutsideKind::Policy => Some(
                PrincipalKey::Outside(*entity, name.known()?.to_lowercase().into()),
            ),
            _ => None,
        }
    }
}

/// What an exclusive form allows.
pub(super) enum ExclusiveList {
    Managed(Vec<Target>),
    InlineNames(Vec<Box<str>>),
    /// The list is not known before apply: nothing can be superseded.
    Unknown,
}

/// A node and the input that declares it.
type Declaration = (FileId, NodeId);

/// An entity kind and a lowercase name.
pub(super) type NameKey = (OutsideKind, Box<str>);

/// Collects nodes and edges.
#[derive(Default)]
pub(super) struct Builder {
    pub graph: Graph,
    /// Whether the resource being linked is deleted by the plan: its links are
    /// recorded as removals instead of edges.
    pub removing: bool,
    /// Declared entities by kind and name, each with its input, in input order.
    names: BTreeMap<OutsideKind, BTreeMap<Box<str>, Vec<Declaration>>>,
    /// The same declarations by input file, so that a name declared in many inputs
    /// resolves in the naming input without reading the others.
    names_in_file: HashMap<(FileId, OutsideKind), HashMap<Box<str>, Vec<NodeId>>>,
    pending: Vec<PendingEdge>,
    removed: Vec<(EdgeKind, Target, Target)>,
    /// With an account snapshot in the scan: the entities the code declares, and whether
    /// the code leaves each in place after apply ([`code_names`]).
    code_names: BTreeMap<NameKey, bool>,
    exclusives: Vec<Exclusive>,
    outside: OutsideIdentities,
}

impl Builder {
    /// Adds the main node of `resource`.
    fn add_node(&mut self, file: FileId, resource: &Resource, kind: NodeKind) -> NodeId {
        let id = NodeId(u32::try_from(self.graph.nodes.len()).unwrap_or(u32::MAX));
        if let Some((entity, name)) = named_entity(&kind) {
            self.names_in_file
                .entry((file, entity))
                .or_default()
                .entry(name.clone())
                .or_default()
                .push(id);
            self.names
                .entry(entity)
                .or_default()
                .entry(name)
                .or_default()
                .push((file, id));
        }
        self.graph
            .by_address
            .entry(file)
            .or_default()
            .insert(resource.address.clone(), id);
        // A snapshot's copy of an AWS managed policy the embedded catalog lacks stands for
        // that policy wherever it is attached.
        if let NodeKind::Policy(Policy {
            kind: PolicyKind::AwsManaged { key },
            ..
        }) = &kind
        {
            self.graph.aws_managed.entry(key.clone()).or_insert(id);
        }
        self.graph.nodes.push(Node {
            id,
            origin: Some(origin(file, resource)),
            kind,
            named_by: None,
        });
        id
    }

    /// The main node of the resource at `address` in `file`.
    pub fn node_at(&self, file: FileId, address: &str) -> Option<NodeId> {
        self.graph.by_address.get(&file)?.get(address).copied()
    }

    /// The node's kind.
    pub fn kind(&self, id: NodeId) -> Option<&NodeKind> {
        self.graph.node(id).map(|node| &node.kind)
    }

    /// The nodes of `entity` kind called `name` in any input of the scan (one scan is
    /// one account, docs/rules.md), those of `file` first, then the others in input order:
    /// a name declared twice resolves to the nearest declaration, the same way for the
    /// same inputs. Lazy: a caller that takes the first fitting node reads no further, so
    /// a name declared in N inputs costs nothing like N for each lookup.
    pub fn named<'b>(
        &'b self,
        file: FileId,
        entity: OutsideKind,
        name: &str,
    ) -> impl Iterator<Item = NodeId> + use<'b> {
        let here = self
            .names_in_file
            .get(&(file, entity))
            .and_then(|names| names.get(name))
            .into_iter()
            .flatten()
            .copied();
        let elsewhere = self
            .names
            .get(&entity)
            .and_then(|names| names.get(name))
            .into_iter()
            .flatten()
            .filter(move |(at, _)| *at != file)
            .map(|(_, id)| *id);
        here.chain(elsewhere)
    }

    /// Records what one resource linked, for the resource [`Builder::removing`] says.
    fn add(&mut self, linked: Linked) {
        for addition in linked.0 {
            match addition {
                Addition::Edge(edge) => self.add_edge(edge),
                Addition::Exclusive(exclusive) => self.add_exclusive(exclusive),
                Addition::Problem(problem) => self.problem(problem),
            }
        }
    }

    /// Records an edge (or, for a deleted resource, a removal).
    fn add_edge(&mut self, edge: PendingEdge) {
        if self.removing {
            self.removed.push((edge.kind, edge.from, edge.to));
            return;
        }
        if let Target::AwsManaged(key) = &edge.to
            && managed::by_key(key).is_none()
            && !self.graph.aws_managed.contains_key(key)
        {
            // IAM refuses a policy AWS does not publish: the edge attaches nothing. One
            // warning per written ARN, however many principals the resource names.
            let warning = managed::unpublished(key, edge.via.file, edge.via.span);
            if !self.graph.problems.contains(&warning) {
                self.graph.problems.push(warning);
            }
            return;
        }
        self.pending.push(edge);
    }

    /// For an entity of `kind` with a known name: whether the code declares it (`None`
    /// when it does not) and leaves it in place after apply. Only set when an account
    /// snapshot is in the scan.
    pub fn code_declares(&self, kind: &NodeKind) -> Option<bool> {
        let (entity, name) = named_entity(kind)?;
        self.code_declares_name(entity, &name)
    }

    /// [`Builder::code_declares`] by entity kind and name.
    pub fn code_declares_name(&self, entity: OutsideKind, name: &str) -> Option<bool> {
        let key = (entity, name.to_lowercase().into_boxed_str());
        self.code_names.get(&key).copied()
    }

    /// The declared entity of `entity` kind named `name` without regard to case.
    pub fn named_ignoring_case(
        &self,
        file: FileId,
        entity: OutsideKind,
        name: &str,
    ) -> Option<NodeId> {
        if let Some(id) = self.named(file, entity, name).next() {
            return Some(id);
        }
        self.names
            .get(&entity)?
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .and_then(|(_, declared)| declared.first().map(|(_, id)| *id))
    }

    /// Records an exclusive form (ignored for a deleted resource: deleting it detaches
    /// nothing).
    fn add_exclusive(&mut self, exclusive: Exclusive) {
        if !self.removing {
            self.exclusives.push(exclusive);
        }
    }

    /// Records a problem.
    fn problem(&mut self, problem: Problem) {
        if !self.removing {
            self.graph.problems.push(problem);
        }
    }

    fn finish(mut self) -> Graph {
        let pending = std::mem::take(&mut self.pending);
        let kept = self.prune_observed(pending);
        let (kept, superseded) = self.apply_exclusives(kept);
        let mut materialized = BTreeMap::new();
        self.graph.edges.reserve_exact(kept.len());
        // Each inline policy becomes a node; a few more room for the AWS managed, external
        // and outside ones met first here.
        let inline = kept
            .iter()
            .chain(superseded.iter().map(|(edge, _)| edge))
            .flat_map(|edge| [&edge.from, &edge.to])
            .filter(|target| matches!(target, Target::NewInline(_)))
            .count();
        self.graph.nodes.reserve_exact(inline + 64);
        for edge in kept {
            let edge = self.materialize(edge, &mut materialized);
            self.graph.edges.push(edge);
        }
        for (edge, by) in superseded {
            let edge = self.materialize(edge, &mut materialized);
            self.graph.superseded.push(Superseded { edge, by });
        }
        self.outside.anchor(&mut self.graph);
        // What is left of the room reserved above is given back before the rules run.
        self.graph.nodes.shrink_to_fit();
        self.graph.index_edges();
        self.graph
    }

    /// Drops observed edges that the plan deletes, that an attachment resource already
    /// declares, or that an earlier observed edge already shows (a role's observed list
    /// and an account snapshot showing one attachment).
    fn prune_observed(&self, pending: Vec<PendingEdge>) -> Vec<PendingEdge> {
        let key = |kind: EdgeKind, from: &Target, to: &Target| {
            (kind, from_node(from), self.policy_identity(to))
        };
        let declared: BTreeSet<_> = pending
            .iter()
            .filter(|edge| !edge.observed)
            .map(|edge| key(edge.kind, &edge.from, &edge.to))
            .collect();
        let removed: BTreeSet<_> = self
            .removed
            .iter()
            .map(|(kind, from, to)| key(*kind, from, to))
            .collect();
        let mut seen = BTreeSet::new();
        let keep: Vec<bool> = pending
            .iter()
            .map(|edge| {
                if !edge.observed {
                    return true;
                }
                let identity = key(edge.kind, &edge.from, &edge.to);
                !declared.contains(&identity)
                    && !removed.contains(&identity)
                    && (from_node(&edge.from).is_none() || seen.insert(identity))
            })
            .collect();
        pending
            .into_iter()
            .zip(keep)
            .filter_map(|(edge, keep)| keep.then_some(edge))
            .collect()
    }

    /// What makes two policy targets the same attachment: the node, the AWS managed
    /// key, the ARN, or for an inline policy its name (inline policy names are unique
    /// per principal).
    fn policy_identity(&self, target: &Target) -> Box<str> {
        match target {
            Target::Node(id) => match self.kind(*id) {
                Some(NodeKind::Policy(Policy {
                    kind: PolicyKind::Inline,
                    name: Some(name),
                    ..
                })) => format!("inline:{}", name.term.display()).into(),
                _ => format!("node:{}", id.0).into(),
            },
            Target::NewInline(new) => match &new.1.name {
                Some(name) => format!("inline:{}", name.term.display()).into(),
                None => "inline:".into(),
            },
            Target::AwsManaged(key) => format!("aws:{key}").into(),
            Target::External(arn) => format!("arn:{}", arn.display()).into(),
            Target::Outside(entity, name, path) => {
                let path = path.as_ref().map(Term::display).unwrap_or_default();
                format!("outside:{entity:?}:{path}{}", name.display()).into()
            }
            Target::Unresolved(reason) => format!("unresolved:{reason}").into(),
        }
    }

    /// Moves the attachments that an exclusive form removes out of the edge list.
    fn apply_exclusives(
        &self,
        pending: Vec<PendingEdge>,
    ) -> (Vec<PendingEdge>, Vec<(PendingEdge, Via)>) {
        let mut kept = Vec::with_capacity(pending.len());
        let mut superseded = Vec::new();
        for edge in pending {
            match self.superseding(&edge) {
                Some(via) => superseded.push((edge, via)),
                None => kept.push(edge),
            }
        }
        (kept, superseded)
    }

    fn superseding(&self, edge: &PendingEdge) -> Option<Via> {
        if edge.kind != EdgeKind::Attachment {
            return None;
        }
        let principal = PrincipalKey::of(&edge.from)?;
        let identity = self.policy_identity(&edge.to);
        let inline = identity.starts_with("inline:");
        let unresolved = |target: &Target| matches!(target, Target::Unresolved(_));
        self.exclusives
            .iter()
            .filter(|exclusive| exclusive.principal == principal)
            .find(|exclusive| match &exclusive.allowed {
                ExclusiveList::Managed(allowed) => {
                    !inline
                        && !unresolved(&edge.to)
                        && !allowed.iter().any(unresolved)
                        && !allowed.iter().any(|t| self.policy_identity(t) == identity)
                }
                ExclusiveList::InlineNames(names) => match identity.strip_prefix("inline:") {
                    Some(name) => !names.iter().any(|allowed| **allowed == *name),
                    None => false,
                },
                ExclusiveList::Unknown => false,
            })
            .map(|exclusive| exclusive.via.clone())
    }

    fn materialize(&mut self, edge: PendingEdge, cache: &mut BTreeMap<Box<str>, NodeId>) -> Edge {
        Edge {
            kind: edge.kind,
            from: self.endpoint(edge.from, cache),
            to: self.endpoint(edge.to, cache),
            via: edge.via,
            conditional: edge.conditional,
        }
    }

    fn endpoint(&mut self, target: Target, external: &mut BTreeMap<Box<str>, NodeId>) -> Endpoint {
        let id = match target {
            Target::Node(id) => id,
            Target::Outside(entity, name, path) => {
                match self
                    .outside
                    .node(&mut self.graph, entity, &name, path.as_ref())
                {
                    Some(id) => id,
                    None => return Endpoint::Outside { entity, name, path },
                }
            }
            Target::Unresolved(reason) => return Endpoint::Unresolved { reason },
            Target::AwsManaged(key) => match self.graph.aws_managed.get(&key) {
                Some(id) => *id,
                None => {
                    let id = self.push_policy(None, aws_managed_policy(&key));
                    self.graph.aws_managed.insert(key, id);
                    id
                }
            },
            Target::External(arn) => {
                let key: Box<str> = arn.display().into();
                match external.get(&key) {
                    Some(id) => *id,
                    None => {
                        let policy = Policy {
                            kind: PolicyKind::External { arn },
                            name: None,
                            document: PolicyDocument::Declared(super::policy::Document::unknown(
                                Default::default(),
                                "the policy is not declared by the scanned inputs",
                            )),
                        };
                        let id = self.push_policy(None, policy);
                        external.insert(key, id);
                        id
                    }
                }
            }
            Target::NewInline(new) => {
                let (origin, policy) = *new;
                self.push_policy(Some(origin), policy)
            }
        };
        Endpoint::Node { id }
    }

    fn push_policy(&mut self, origin: Option<Origin>, policy: Policy) -> NodeId {
        let id = NodeId(u32::try_from(self.graph.nodes.len()).unwrap_or(u32::MAX));
        self.graph.nodes.push(Node {
            id,
            origin,
            kind: NodeKind::Policy(policy),
            named_by: None,
        });
        id
    }
}

/// The node a target is, when it is one (observed edges always start at one).
fn from_node(target: &Target) -> Option<NodeId> {
    match target {
        Target::Node(id) => Some(*id),
        _ => None,
    }
}

fn aws_managed_policy(key: &str) -> Policy {
    let name = key.rsplit('/').next().unwrap_or(key);
    // `add_edge` drops every edge to a policy AWS does not publish, so the catalog has
    // the key; an unknown document keeps this total without a panic.
    let document = match managed::by_key(key) {
        Some(embedded) => PolicyDocument::Embedded(embedded),
        None => PolicyDocument::Declared(super::policy::Document::unknown(
            Default::default(),
            "not an AWS managed policy that AWS publishes",
        )),
    };
    Policy {
        kind: PolicyKind::AwsManaged { key: key.into() },
        name: Some(Text {
            span: Default::default(),
            term: Term::Known(name.into()),
        }),
        document,
    }
}

/// The entity kind and known name under which a node can be attached by name.
fn named_entity(kind: &NodeKind) -> Option<(OutsideKind, Box<str>)> {
    let (entity, name) = match kind {
        NodeKind::Role(role) => (OutsideKind::Role, &role.name),
        NodeKind::User(user) => (OutsideKind::User, &user.name),
        NodeKind::Group(group) => (OutsideKind::Group, &group.name),
        NodeKind::Policy(Policy {
            kind: PolicyKind::CustomerManaged { .. },
            name: Some(name),
            ..
        }) => (OutsideKind::Policy, name),
        _ => return None,
    };
    Some((entity, name.term.known()?.into()))
}

/// The origin of a node or deletion declared by `resource`.
pub(super) fn origin(file: FileId, resource: &Resource) -> Origin {
    Origin {
        file,
        address: resource.address.clone(),
        resource_type: resource.resource_type.clone(),
        span: resource.span,
        change: resource.change,
        condition: resource.condition.clone(),
        cdk_path: resource.cdk_path.clone(),
    }
}

/// The trust policy AWS writes for a service-linked role: the linked service may assume
/// it, and nothing else may (IAM User Guide, "Using service-linked roles"). Placed at the
/// service name; unknown while that name is.
pub(super) fn service_linked_trust(resource: &Resource) -> Document {
    match service_linked(resource) {
        Some(Text {
            span,
            term: Term::Known(service),
        }) => {
            let written = serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": &*service},
                    "Action": "sts:AssumeRole",
                }],
            });
            Document::from_json_text(&written.to_string(), span)
        }
        Some(_) => Document::unknown(
            resource.span,
            "written by AWS for the linked service, whose name is not known before deployment",
        ),
        None => Document::unknown(resource.span, "written by AWS for the linked service"),
    }
}

/// The service a service-linked role resource is linked to: its service name property,
/// or for a plain role the service in its `/aws-service-role/<service>/` path.
pub(super) fn service_linked(resource: &Resource) -> Option<Text> {
    let property = |key: &str| resource.properties.get(key).map(Text::from_value);
    match &*resource.resource_type {
        "aws_iam_service_linked_role" => property("aws_service_name"),
        "AWS::IAM::ServiceLinkedRole" => property("AWSServiceName"),
        "aws_iam_role" | "AWS::IAM::Role" => {
            let path = resource
                .properties
                .get("path")
                .or(resource.properties.get("Path"))?;
            let service = path
                .as_str()?
                .strip_prefix("/aws-service-role/")?
                .trim_end_matches('/');
            Some(Text {
                span: path.span,
                term: Term::Known(service.into()),
            })
        }
        _ => None,
    }
}

/// The value of property `key`, unless it is absent, null or an empty string (Terraform
/// writes unset optional strings as `""` or `null`).
pub(super) fn property<'a>(resource: &'a Resource, key: &str) -> Option<&'a Value> {
    let value = resource.properties.get(key)?;
    match &value.kind {
        crate::load::ValueKind::Null => None,
        crate::load::ValueKind::Str(text) if text.is_empty() => None,
        _ => Some(value),
    }
}

/// A name or other text property of a resource; when it is not given the value is chosen
/// at deployment, and `generated` says by whom ("CloudFormation generates it").
pub(super) fn text_or_generated(resource: &Resource, key: &str, generated: &str) -> Text {
    match resource.properties.get(key) {
        Some(value) => Text::from_value(value),
        None => Text {
            span: resource.span,
            term: Term::Unknown(format!("`{key}` is not set; {generated}").into()),
        },
    }
}

/// An IAM path property; `/` when it is not given, as IAM defaults it.
pub(super) fn iam_path(resource: &Resource, key: &str) -> Term {
    resource
        .properties
        .get(key)
        .map_or(Term::Known("/".into()), Term::from_value)
}
