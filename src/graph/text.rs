//! The graph as compact text for people: one line per node, its outgoing edges
//! indented below it, then what is unresolved, superseded, deleted or wrong.

use std::fmt::Write as _;

use super::model::{Edge, EdgeKind, Endpoint, Graph, Node, NodeKind, PolicyKind};
use super::policy::Body;
use super::term::Possible;
use crate::source::{FileId, SourceFile, Span};

impl Graph {
    /// The graph as text, with positions from `files` (indexed by [`FileId`]).
    pub fn to_text(&self, files: &[SourceFile]) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "graph (version {}): {} nodes, {} edges",
            super::json::GRAPH_VERSION,
            self.nodes.len(),
            self.edges.len()
        );
        for node in &self.nodes {
            let _ = writeln!(out, "{}", self.describe_node(files, node));
            for edge in self.edges_from(node.id) {
                let _ = writeln!(out, "  {}", self.describe_edge(files, edge));
            }
        }
        let dangling: Vec<&Edge> = self
            .edges
            .iter()
            .filter(|edge| edge.from.node().is_none())
            .collect();
        if !dangling.is_empty() {
            let _ = writeln!(out, "edges from entities outside the graph:");
            for edge in dangling {
                let _ = writeln!(
                    out,
                    "  {} {}",
                    self.endpoint(&edge.from),
                    self.describe_edge(files, edge)
                );
            }
        }
        for superseded in &self.superseded {
            let _ = writeln!(
                out,
                "superseded: {} {} (removed by {} at {})",
                self.endpoint(&superseded.edge.from),
                self.describe_edge(files, &superseded.edge),
                superseded.by.address,
                place(files, superseded.by.file, superseded.by.span)
            );
        }
        for deleted in &self.deleted {
            let origin = &deleted.origin;
            let _ = writeln!(
                out,
                "deleted by the plan: {} {} at {}",
                origin.resource_type,
                origin.address,
                place(files, origin.file, origin.span)
            );
        }
        for problem in &self.problems {
            let at = match (problem.file, problem.span) {
                (Some(file), Some(span)) => place(files, file, span),
                _ => "-".to_owned(),
            };
            let _ = writeln!(
                out,
                "problem [{}] at {at}: {}",
                problem.code, problem.message
            );
        }
        out
    }

    fn describe_node(&self, files: &[SourceFile], node: &Node) -> String {
        let mut line = format!("#{} {}", node.id.0, self.label(node));
        if let Some(origin) = &node.origin {
            let _ = write!(
                line,
                " [{}] at {}",
                origin.address,
                place(files, origin.file, origin.span)
            );
            if let Some(condition) = &origin.condition {
                let _ = write!(line, " if {condition}");
            }
        }
        if let Some(via) = &node.named_by {
            let _ = write!(
                line,
                " (not declared in the scanned code; named by {} at {})",
                via.address,
                place(files, via.file, via.span)
            );
        }
        match &node.kind {
            NodeKind::Role(role) => {
                let _ = write!(line, "; trust: {}", statements(&role.trust.body));
                if let Some(service) = &role.service_linked {
                    let _ = write!(line, "; service-linked to {}", service.term.display());
                }
            }
            NodeKind::Policy(policy) => {
                let _ = write!(line, "; {}", statements(&policy.document.get().body));
            }
            _ => {}
        }
        line
    }

    fn label(&self, node: &Node) -> String {
        match &node.kind {
            NodeKind::Role(role) => format!("role {}", role.name.term.display()),
            NodeKind::User(user) => format!("user {}", user.name.term.display()),
            NodeKind::Group(group) => format!("group {}", group.name.term.display()),
            NodeKind::Policy(policy) => {
                let name = policy
                    .name
                    .as_ref()
                    .map_or("(unnamed)".to_owned(), |name| name.term.display());
                match &policy.kind {
                    PolicyKind::CustomerManaged { .. } => format!("managed policy {name}"),
                    PolicyKind::Inline => format!("inline policy {name}"),
                    PolicyKind::AwsManaged { key } => format!("AWS managed policy {key}"),
                    PolicyKind::External { arn } => format!("external policy {}", arn.display()),
                }
            }
            NodeKind::PermissionSet(set) => format!("permission set {}", set.name.term.display()),
            NodeKind::SlackChannel(channel) => {
                format!("Slack channel {}", channel.channel_id.display())
            }
            NodeKind::SlackWorkspace(workspace) => {
                format!("Slack workspace {}", workspace.team_id.display())
            }
        }
    }

    fn describe_edge(&self, files: &[SourceFile], edge: &Edge) -> String {
        let verb = match edge.kind {
            EdgeKind::Attachment => "attaches",
            EdgeKind::PermissionsBoundary => "bounded by",
            EdgeKind::ChannelRole => "uses role",
            EdgeKind::GroupMembership => "member of",
        };
        let conditional = if edge.conditional {
            " (conditional)"
        } else {
            ""
        };
        format!(
            "{verb} {} via {} {} at {}{conditional}",
            self.endpoint(&edge.to),
            edge.via.form,
            edge.via.address,
            place(files, edge.via.file, edge.via.span)
        )
    }

    fn endpoint(&self, endpoint: &Endpoint) -> String {
        match endpoint {
            Endpoint::Node { id } => match self.node(*id) {
                Some(node) => format!("#{} {}", id.0, self.label(node)),
                None => format!("#{}", id.0),
            },
            Endpoint::Outside { entity, name, .. } => {
                format!("{entity:?} {} (outside the scan)", name.display())
            }
            Endpoint::Unresolved { reason } => format!("(unresolved: {reason})"),
        }
    }
}

fn statements(body: &Possible<Body>) -> String {
    match body.known_values() {
        Some(bodies) => {
            let count: usize = bodies.iter().map(|body| body.statements.len()).sum();
            format!("{count} statement(s)")
        }
        None => "document not known".to_owned(),
    }
}

fn place(files: &[SourceFile], file: FileId, span: Span) -> String {
    match files.get(file.0 as usize) {
        Some(source) => {
            let position = source.position(span.start);
            format!(
                "{}:{}:{}",
                source.display_path(),
                position.line,
                position.column
            )
        }
        None => format!("file #{}", file.0),
    }
}
