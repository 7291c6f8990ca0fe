//! The whole input side on real-shaped fixtures: discovery, detection, parsing, loading and
//! the IAM graph, seen through the graph's text rendering (reviewed snapshots).
//!
//! Each fixture shows one family of cases in Terraform or CloudFormation form; a change in
//! what the scanner understands of them shows up here as a snapshot diff.

// Test helpers outside #[test] functions panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use supportscan::graph;
use supportscan::inputs::read_inputs;

fn graph_text(path: &str) -> String {
    let inputs = read_inputs(&[PathBuf::from(path)]);
    assert!(
        !inputs.has_errors(),
        "{path} did not load: {:?}",
        inputs.problems
    );
    graph::build(&inputs.loaded).to_text(&inputs.files)
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
