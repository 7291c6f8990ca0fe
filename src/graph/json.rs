//! The graph as JSON, for `supportscan graph --format json` and for anyone writing rules:
//! every node, edge and statement with its file and line/column. The shape is versioned
//! ([`GRAPH_VERSION`]) and documented in docs/graph.md.
//!
//! The model derives `Serialize` with byte spans; this module turns spans into
//! positions in the file each node or edge comes from, so the model itself carries no
//! file table.

use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use super::model::{Graph, Node, NodeKind, Origin};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

/// The version of the JSON shape; bumped on any incompatible change.
pub const GRAPH_VERSION: u32 = 2;

/// Spans nest no deeper than the policy documents inside nodes; past this depth the
/// JSON is left as serialized.
const MAX_DEPTH: usize = 256;

#[derive(Serialize)]
struct NodeView<'a> {
    id: u32,
    origin: Option<&'a Origin>,
    #[serde(skip_serializing_if = "Option::is_none")]
    named_by: Option<&'a super::model::Via>,
    #[serde(flatten)]
    kind: &'a NodeKind,
}

impl Graph {
    /// The graph as JSON, with file paths and positions from `files` (indexed by
    /// [`FileId`]).
    pub fn to_json(&self, files: &[SourceFile]) -> Json {
        let nodes: Vec<Json> = self
            .nodes
            .iter()
            .map(|node| locate(files, node.file(), to_value(&node_view(node))))
            .collect();
        let edges: Vec<Json> = self
            .edges
            .iter()
            .map(|edge| locate(files, Some(edge.via.file), to_value(edge)))
            .collect();
        let superseded: Vec<Json> = self
            .superseded
            .iter()
            .map(|superseded| locate(files, Some(superseded.by.file), to_value(superseded)))
            .collect();
        let deleted: Vec<Json> = self
            .deleted
            .iter()
            .map(|deleted| locate(files, Some(deleted.origin.file), to_value(deleted)))
            .collect();
        let problems: Vec<Json> = self
            .problems
            .iter()
            .map(|problem| problem_json(files, problem))
            .collect();
        json!({
            "graph_version": GRAPH_VERSION,
            "nodes": nodes,
            "edges": edges,
            "superseded": superseded,
            "deleted": deleted,
            "problems": problems,
        })
    }
}

fn node_view(node: &Node) -> NodeView<'_> {
    NodeView {
        id: node.id.0,
        origin: node.origin.as_ref(),
        named_by: node.named_by.as_ref(),
        kind: &node.kind,
    }
}

/// Serializes a model value; the model holds only strings, numbers and enums, which
/// always serialize.
fn to_value(value: &impl Serialize) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

fn problem_json(files: &[SourceFile], problem: &Problem) -> Json {
    let file = problem.file.and_then(|file| files.get(file.0 as usize));
    json!({
        "code": problem.code,
        "severity": problem.severity,
        "file": file.map(SourceFile::display_path),
        "location": problem.span.and_then(|span| location(file, span.start, span.end)),
        "message": problem.message,
    })
}

/// Replaces file IDs by paths and spans by positions in `file`.
fn locate(files: &[SourceFile], file: Option<FileId>, mut value: Json) -> Json {
    let source = file.and_then(|file| files.get(file.0 as usize));
    let mut pending = vec![(&mut value, 0usize)];
    while let Some((current, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            continue;
        }
        match current {
            Json::Object(map) => {
                rewrite_object(map, files, source);
                pending.extend(map.values_mut().map(|child| (child, depth + 1)));
            }
            Json::Array(items) => pending.extend(items.iter_mut().map(|child| (child, depth + 1))),
            _ => {}
        }
    }
    value
}

fn rewrite_object(map: &mut Map<String, Json>, files: &[SourceFile], source: Option<&SourceFile>) {
    if let Some(file) = map.get_mut("file")
        && let Some(index) = file.as_u64()
    {
        let path = usize::try_from(index)
            .ok()
            .and_then(|index| files.get(index));
        *file = path.map_or(Json::Null, |path| Json::String(path.display_path()));
    }
    for (key, value) in map.iter_mut() {
        if key != "span" && !key.ends_with("_span") {
            continue;
        }
        let start = value.get("start").and_then(Json::as_u64);
        let end = value.get("end").and_then(Json::as_u64);
        if let (Some(start), Some(end)) = (start, end) {
            let start = u32::try_from(start).unwrap_or(u32::MAX);
            let end = u32::try_from(end).unwrap_or(u32::MAX);
            *value = location(source, start, end).unwrap_or(Json::Null);
        }
    }
}

/// `{line, column, end_line, end_column}`, 1-based, columns in code points; `None`
/// without a file (AWS managed policies) or for an empty span at the file start that
/// stands for "no place".
fn location(file: Option<&SourceFile>, start: u32, end: u32) -> Option<Json> {
    let file = file?;
    if start == 0 && end == 0 {
        return None;
    }
    let from = file.position(start);
    let to = file.position(end);
    Some(json!({
        "line": from.line,
        "column": from.column,
        "end_line": to.line,
        "end_column": to.column,
    }))
}
