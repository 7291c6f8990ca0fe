//! The whole input side on real-shaped fixtures: discovery, detection, parsing, loading and
//! the IAM graph, seen through the graph's text rendering (reviewed snapshots).
//!
//! Each fixture shows one family of cases in Terraform or CloudFormation form; a change in
//! what the scanner understands of them shows up here as a snapshot diff.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use supportscan::scan::read_and_link;

fn graph_text(path: &str) -> String {
    let scan = read_and_link(&[PathBuf::from(path)]);
    assert!(scan.problems.is_empty(), "{path}: {:?}", scan.problems);
    scan.graph.to_text(&scan.inputs.files)
}

#[test]
fn terraform_attachment_forms() {
    insta::assert_snapshot!(graph_text(
        "testdata/terraform/attachment-forms.tfplan.json"
    ));
}

#[test]
fn cloudformation_attachment_forms() {
    insta::assert_snapshot!(graph_text(
        "testdata/cloudformation/attachment-forms.template.yaml"
    ));
}

#[test]
fn cloudformation_conditional_and_unknown_values() {
    insta::assert_snapshot!(graph_text(
        "testdata/cloudformation/conditional-and-unknown.template.yaml"
    ));
}

#[test]
fn sam_function_roles() {
    insta::assert_snapshot!(graph_text(
        "testdata/cloudformation/sam-function.template.yaml"
    ));
}

#[test]
fn shipped_examples() {
    insta::assert_snapshot!(graph_text("testdata/examples"));
}
