//! Graphs for the IAM tests, built through the real pipeline (parse, load, build) from
//! small templates and plans written as strings, so that every function is proven on the
//! shapes the loaders really produce.

use crate::graph::{Graph, NodeId, build};
use crate::load::{cloudformation::load_template, terraform::load_plan};
use crate::source::{FileId, SourceFile};

/// The graph of a CloudFormation template (YAML or JSON).
pub fn cloudformation(text: &str) -> Graph {
    let file = SourceFile::new("test.template.yaml", text.to_owned());
    let parsed = crate::document::parse::parse(&file, FileId(0)).unwrap();
    let loaded = load_template(&parsed.root, FileId(0)).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    build(&[loaded])
}

/// The graph of a Terraform plan (`terraform show -json`).
pub fn terraform_plan(text: &str) -> Graph {
    let file = SourceFile::new("test.tfplan.json", text.to_owned());
    let loaded = load_plan(&file, FileId(0)).unwrap();
    build(&[loaded])
}

/// The node declared at `address`.
pub fn node(graph: &Graph, address: &str) -> NodeId {
    graph
        .node_at(FileId(0), address)
        .unwrap_or_else(|| panic!("no node at {address}"))
        .id
}

/// A template with one role `Role` trusting `trust` (a YAML flow mapping of the trust
/// statement) and holding one inline policy `Inline` with `statements` (YAML flow list).
pub fn role_template(trust: &str, statements: &str) -> String {
    format!(
        r#"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{trust}]
      Policies:
        - PolicyName: Inline
          PolicyDocument:
            Version: "2012-10-17"
            Statement: {statements}
"#
    )
}

/// The graph of a plan creating `resources`, each `[address, type, after, after_unknown]`.
pub fn terraform_creating(resources: serde_json::Value) -> Graph {
    let changes: Vec<serde_json::Value> = resources
        .as_array()
        .unwrap()
        .iter()
        .map(|resource| {
            let address = resource[0].as_str().unwrap();
            let (resource_type, name) = address.split_once('.').unwrap();
            assert_eq!(resource_type, resource[1].as_str().unwrap());
            serde_json::json!({
                "address": address, "mode": "managed", "type": resource_type, "name": name,
                "provider_name": "registry.terraform.io/hashicorp/aws",
                "change": {"actions": ["create"], "before": null, "after": resource[2],
                           "after_unknown": resource[3], "before_sensitive": false, "after_sensitive": {}}
            })
        })
        .collect();
    let plan = serde_json::json!({
        "format_version": "1.2", "terraform_version": "1.9.0",
        "planned_values": {"root_module": {"resources": []}},
        "resource_changes": changes, "complete": true, "errored": false
    });
    terraform_plan(&serde_json::to_string_pretty(&plan).unwrap())
}
