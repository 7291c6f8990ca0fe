//! The JSON and text renderings: versioned shape, paths and positions on every node,
//! edge and statement, and nothing positioned for what has no file.

use serde_json::json;

use crate::graph::build;
use crate::graph::test_support::{changed, input, resource};
use crate::load::{Change, InputKind, Value};
use crate::source::{SourceFile, Span};

/// A template whose text has the role on line 2 and the attachment on line 3.
fn scanned() -> (crate::graph::Graph, Vec<SourceFile>) {
    let text = "Resources:\n  Role: {}\n  Attach: {}\n  Gone: {}\n".to_owned();
    let at = |needle: &str| {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    };
    let mut role = resource(
        "AWS::IAM::Role",
        "Role",
        json!({"RoleName": "support", "AssumeRolePolicyDocument": {"Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
        ]}}),
    );
    role.span = at("Role");
    // Every value of the role sits on its line.
    respan(&mut role.properties, at("Role: {}"));
    let mut attach = resource(
        "AWS::IAM::ManagedPolicy",
        "Attach",
        json!({"ManagedPolicyName": "p", "PolicyDocument": {"Statement": []}, "Roles": ["support"]}),
    );
    attach.span = at("Attach");
    respan(&mut attach.properties, at("Attach: {}"));
    let mut gone = changed(
        resource("AWS::IAM::Role", "Gone", json!({})),
        Change::Delete,
    );
    gone.span = at("Gone");
    let role_managed = resource(
        "AWS::IAM::Role",
        "Other",
        json!({"RoleName": "other", "AssumeRolePolicyDocument": {"Statement": []},
               "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AWSSupportAccess"]}),
    );
    let graph = build(&[input(
        0,
        InputKind::CloudFormation,
        vec![role, attach, gone, role_managed],
    )]);
    (graph, vec![SourceFile::new("stack.yaml", text)])
}

fn respan(value: &mut Value, span: Span) {
    value.span = span;
    match &mut value.kind {
        crate::load::ValueKind::List(items) | crate::load::ValueKind::OneOf(items) => {
            items.iter_mut().for_each(|item| respan(item, span));
        }
        crate::load::ValueKind::Map(fields) => fields.iter_mut().for_each(|field| {
            field.key_span = span;
            respan(&mut field.value, span);
        }),
        _ => {}
    }
}

#[test]
fn json_shape_is_versioned_and_positioned() {
    let (graph, files) = scanned();
    let output = graph.to_json(&files);
    assert_eq!(output["graph_version"], 2);
    let role = &output["nodes"][0];
    assert_eq!(role["type"], "role");
    assert_eq!(role["origin"]["file"], "stack.yaml");
    assert_eq!(role["origin"]["address"], "Role");
    assert_eq!(
        role["origin"]["span"],
        json!({"line": 2, "column": 3, "end_line": 2, "end_column": 7})
    );
    assert_eq!(
        role["name"]["term"],
        json!({"kind": "known", "value": "support"})
    );
    let statement = &role["trust"]["body"]["value"]["statements"][0];
    assert_eq!(statement["span"]["line"], 2);
    assert_eq!(
        statement["effect"],
        json!({"kind": "known", "value": {"kind": "allow"}})
    );
    let edge = &output["edges"][0];
    assert_eq!(edge["kind"], "attachment");
    assert_eq!(edge["via"]["file"], "stack.yaml");
    assert_eq!(edge["via"]["form"], "AWS::IAM::ManagedPolicy.Roles");
    assert_eq!(edge["via"]["span"]["line"], 3);
    assert_eq!(edge["from"], json!({"kind": "node", "id": 0}));
    assert_eq!(output["deleted"][0]["origin"]["span"]["line"], 4);
    // The AWS managed policy has no file: no origin, no positions, its source named.
    let managed = output["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["kind"]["kind"] == "aws-managed")
        .unwrap();
    assert!(managed["origin"].is_null());
    assert_eq!(
        managed["document"]["embedded"],
        "data/aws-catalog/policies.deflate"
    );
    assert!(managed["document"]["body"]["value"]["statements"][0]["span"].is_null());
}

#[test]
fn text_lists_nodes_with_their_edges_and_deletions() {
    let (graph, files) = scanned();
    let text = graph.to_text(&files);
    assert!(
        text.starts_with("graph (version 2): 4 nodes, 2 edges\n"),
        "{text}"
    );
    assert!(
        text.contains("#0 role support [Role] at stack.yaml:2:3; trust: 1 statement(s)\n"),
        "{text}"
    );
    assert!(
        text.contains("  attaches #1 managed policy p via AWS::IAM::ManagedPolicy.Roles Attach at stack.yaml:3:3\n"),
        "{text}"
    );
    assert!(
        text.contains("AWS managed policy AWSSupportAccess; 1 statement(s)"),
        "{text}"
    );
    assert!(
        text.contains("deleted by the plan: AWS::IAM::Role Gone at stack.yaml:4:3"),
        "{text}"
    );
}
