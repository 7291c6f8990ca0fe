//! What a running rule reads: the graph, the input files and resources, and the graph's
//! top-level collections, computed once per scan and shared by every rule.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::value::{AttachedTo, AttachmentVal, Member, Obj, Val};
use crate::graph::{Document, Graph, NodeKind};
use crate::iam::trust::{Admissions, trust_admits};
use crate::iam::{Answer, DocumentReadings};
use crate::lang::schema::collections;
use crate::load::{LoadedInput, Resource};
use crate::problem::{Problem, Severity};
use crate::source::{FileId, SourceFile};
use crate::source_root::SourceRoot;

/// The scan a rule runs over.
pub struct Context<'g> {
    /// The IAM graph.
    pub graph: &'g Graph,
    /// The input files, indexed by [`FileId`].
    pub files: &'g [SourceFile],
    /// The loaded inputs.
    pub inputs: &'g [LoadedInput],
    /// The error-level problems of inputs that could not be read or loaded (or not in
    /// full): account-scope rules cannot judge an account they have not seen whole.
    pub unread: Vec<&'g Problem>,
    /// The repository root fingerprints name files from; with none, the paths as the
    /// user named them.
    pub root: Option<&'g SourceRoot>,
    resources: HashMap<(FileId, &'g str), &'g Resource>,
    /// The inputs that are account snapshots.
    snapshots: Vec<FileId>,
    collections: Vec<OnceLock<Val<'g>>>,
    /// Trust documents already read, by address: a rule that asks about each statement
    /// of a document reads the document once, not once per statement.
    trust_readings: Mutex<HashMap<usize, Arc<Admissions>>>,
    /// Whether each role asked about is a support role: five rules ask it of every role,
    /// and an account snapshot has thousands.
    support_roles: Mutex<HashMap<crate::graph::NodeId, Answer>>,
    /// Whether each role asked about is a Support App role: the APP rules ask it of every
    /// role.
    support_app_roles: Mutex<HashMap<crate::graph::NodeId, Answer>>,
    /// What each policy document says about each action asked of it.
    pub(super) document_readings: DocumentReadings<'g>,
}

impl<'g> Context<'g> {
    /// The context of a scan.
    pub fn new(graph: &'g Graph, files: &'g [SourceFile], inputs: &'g [LoadedInput]) -> Self {
        let resources = inputs
            .iter()
            .flat_map(|input| {
                input
                    .resources
                    .iter()
                    .map(move |resource| ((input.file, &*resource.address), resource))
            })
            .collect();
        let snapshots = inputs
            .iter()
            .filter(|input| input.kind == crate::load::InputKind::AccountSnapshot)
            .map(|input| input.file)
            .collect();
        Context {
            graph,
            files,
            inputs,
            unread: Vec::new(),
            root: None,
            resources,
            snapshots,
            collections: collections().iter().map(|_| OnceLock::new()).collect(),
            trust_readings: Mutex::new(HashMap::new()),
            support_roles: Mutex::new(HashMap::new()),
            support_app_roles: Mutex::new(HashMap::new()),
            document_readings: DocumentReadings::default(),
        }
    }

    /// What the trust document `document` (a document of the graph) admits, read once
    /// per scan.
    pub fn trust_reading(&self, document: &'g Document) -> Arc<Admissions> {
        let key = std::ptr::from_ref(document) as usize;
        cached(&self.trust_readings, key, || {
            Arc::new(trust_admits(document))
        })
    }

    /// Whether the node `id` is a support role (docs/rules.md), worked out once per scan.
    pub fn is_support_role(&self, id: crate::graph::NodeId) -> Answer {
        cached(&self.support_roles, id, || {
            crate::iam::support::support_role(self.graph, id).answer
        })
    }

    /// Whether the node `id` is a Support App role (docs/rules.md), worked out once per
    /// scan, its trust read through [`Context::trust_reading`].
    pub fn is_support_app_role(&self, id: crate::graph::NodeId) -> Answer {
        cached(&self.support_app_roles, id, || {
            crate::iam::support::support_app_role_with(self.graph, id, &|document| {
                self.trust_reading(document)
            })
            .0
        })
    }

    /// The context with the problems of the scan's inputs: those at error level mean an
    /// input was not read in full, and so does an account snapshot with a missing page or
    /// without its roles, and a Terraform module call whose module is not here.
    pub fn with_input_problems(mut self, problems: &'g [Problem]) -> Self {
        self.unread = problems
            .iter()
            .filter(|problem| {
                problem.severity == Severity::Error
                    || crate::load::snapshot::pages::leaves_account_incomplete(problem.code)
                    || problem.code == crate::load::terraform_source::MODULE_NOT_READ
            })
            .collect();
        self
    }

    /// Whether `file` is an account snapshot: its entities are the live account.
    pub fn is_snapshot(&self, file: FileId) -> bool {
        self.snapshots.contains(&file)
    }

    /// The context whose fingerprints name files from `root`, so that they do not depend
    /// on the directory the scan runs in.
    pub fn with_source_root(mut self, root: &'g SourceRoot) -> Self {
        self.root = Some(root);
        self
    }

    /// Why the scan does not show the whole account, if it does not: an input that could
    /// not be read or loaded, or no input at all.
    pub fn incomplete_account(&self) -> Option<(Option<FileId>, String)> {
        let Some(first) = self.unread.first() else {
            return self.inputs.is_empty().then(|| {
                (
                    None,
                    "no input loaded, so there is no account to judge".to_owned(),
                )
            });
        };
        let mut reason = match first.file {
            Some(file) if first.severity == Severity::Warning => format!(
                "the account snapshot `{}` does not show the whole account ({}: {})",
                self.path(file),
                first.code,
                first.message
            ),
            Some(file) => format!(
                "the input `{}` could not be read or loaded ({}: {})",
                self.path(file),
                first.code,
                first.message
            ),
            None => format!("an input could not be read ({})", first.message),
        };
        if self.unread.len() > 1 {
            reason.push_str(&format!(
                " and {} more input problems",
                self.unread.len() - 1
            ));
        }
        reason.push_str(", so the account is not known in full");
        Some((first.file, reason))
    }

    /// The resource declared at `address` in `file`.
    pub fn resource(&self, file: FileId, address: &str) -> Option<&'g Resource> {
        self.resources.get(&(file, address)).copied()
    }

    /// The path of `file` as the user named it.
    pub fn path(&self, file: FileId) -> String {
        self.files
            .get(file.0 as usize)
            .map(SourceFile::display_path)
            .unwrap_or_default()
    }

    /// The path of `file` from the repository root, when the context has one; else as the
    /// user named it.
    pub fn repository_path(&self, file: FileId) -> String {
        match (self.root, self.files.get(file.0 as usize)) {
            (Some(root), Some(source)) => root.path(&source.path),
            _ => self.path(file),
        }
    }

    /// The top-level collection `name` (computed on first use), or `None` when there is
    /// no such collection.
    pub fn collection(&self, name: &str) -> Option<Val<'g>> {
        let index = collections().iter().position(|field| field.name == name)?;
        let cell = self.collections.get(index)?;
        Some(cell.get_or_init(|| self.compute_collection(name)).clone())
    }

    fn compute_collection(&self, name: &str) -> Val<'g> {
        let graph = self.graph;
        let nodes = |wanted: fn(&NodeKind) -> bool| {
            Val::members(
                graph
                    .nodes
                    .iter()
                    .filter(|node| wanted(&node.kind))
                    .map(|node| Member {
                        held: if node
                            .origin
                            .as_ref()
                            .is_some_and(|origin| origin.condition.is_some())
                        {
                            Answer::SOMETIMES
                        } else {
                            Answer::YES
                        },
                        value: Val::Obj(Obj::Node(node)),
                    }),
            )
        };
        match name {
            "roles" => nodes(|kind| matches!(kind, NodeKind::Role(_))),
            "users" => nodes(|kind| matches!(kind, NodeKind::User(_))),
            "groups" => nodes(|kind| matches!(kind, NodeKind::Group(_))),
            "policies" => nodes(|kind| matches!(kind, NodeKind::Policy(_))),
            "permission_sets" => nodes(|kind| matches!(kind, NodeKind::PermissionSet(_))),
            "channels" => nodes(|kind| matches!(kind, NodeKind::SlackChannel(_))),
            "workspaces" => nodes(|kind| matches!(kind, NodeKind::SlackWorkspace(_))),
            "attachments" => Val::members(
                graph
                    .edges
                    .iter()
                    .filter(|edge| edge.kind == crate::graph::EdgeKind::Attachment)
                    .map(|edge| Member {
                        held: if edge.conditional {
                            Answer::SOMETIMES
                        } else {
                            Answer::YES
                        },
                        value: Val::Obj(Obj::Attachment(Arc::new(AttachmentVal {
                            via: &edge.via,
                            conditional: edge.conditional,
                            policy: match &edge.to {
                                crate::graph::Endpoint::Node { id } => Ok(*id),
                                crate::graph::Endpoint::Unresolved { reason } => {
                                    Err(reason.clone())
                                }
                                crate::graph::Endpoint::Outside { name, .. } => Err(format!(
                                    "the policy `{}` is not declared in the inputs",
                                    name.display()
                                )
                                .into()),
                            },
                            principal: match &edge.from {
                                crate::graph::Endpoint::Node { id } => graph
                                    .node(*id)
                                    .map_or(AttachedTo::Endpoint(&edge.from), AttachedTo::Node),
                                other => AttachedTo::Endpoint(other),
                            },
                        }))),
                    }),
            ),
            "deleted" => Val::list(
                graph
                    .deleted
                    .iter()
                    .map(|gone| Val::Obj(Obj::Deleted(gone))),
            ),
            "resources" => Val::members(self.inputs.iter().flat_map(|input| {
                input.resources.iter().map(move |resource| Member {
                    held: if resource.condition.is_some() {
                        Answer::SOMETIMES
                    } else {
                        Answer::YES
                    },
                    value: Val::Obj(Obj::Resource(resource, input.file)),
                })
            })),
            _ => Val::List(Arc::new(Vec::new())),
        }
    }
}

/// The value for `key` in `cache`, worked out by `compute` when it is not there yet. It is
/// worked out outside the lock: two rules asking at once both compute it, and the answers
/// are equal.
fn cached<K: std::hash::Hash + Eq, V: Clone>(
    cache: &Mutex<HashMap<K, V>>,
    key: K,
    compute: impl FnOnce() -> V,
) -> V {
    let known = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    if let Some(value) = known {
        return value;
    }
    let value = compute();
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key)
        .or_insert(value)
        .clone()
}
