//! Test support: templates written as JSON or YAML text, parsed by the real parser, loaded,
//! and small accessors for what the tests look at. Spans are real byte offsets, so a test can
//! check which part of the template a value came from by comparing with the span of the node
//! it expects.

use crate::document::Node;
use crate::document::parse::parse_fragment;
use crate::load::{LoadedInput, Resource, ValueKind};
use crate::problem::Problem;
use crate::source::FileId;

/// Parses JSON or YAML text into a node tree; panics when it does not parse.
pub(crate) fn node(text: &str) -> Node {
    try_node(text).expect("test template parses")
}

/// Parses JSON or YAML text into a node tree, or says why it does not parse.
pub(crate) fn try_node(text: &str) -> Result<Node, Problem> {
    parse_fragment(text, 0, FileId(0)).map(|parsed| parsed.root)
}

/// Loads a template written as JSON or YAML text; panics when it does not load.
pub(crate) fn load(json: &str) -> LoadedInput {
    super::load_template(&node(json), FileId(0)).expect("template loads")
}

/// The resource with `address`; panics when there is none.
pub(crate) fn resource<'i>(input: &'i LoadedInput, address: &str) -> &'i Resource {
    input
        .resources
        .iter()
        .find(|resource| &*resource.address == address)
        .unwrap_or_else(|| panic!("no resource {address} in {:?}", input.resources))
}

/// The evaluated property `key` of the resource with `address`.
pub(crate) fn property<'i>(input: &'i LoadedInput, address: &str, key: &str) -> &'i ValueKind {
    let resource = resource(input, address);
    &resource
        .properties
        .get(key)
        .unwrap_or_else(|| panic!("{address} has no {key}: {:?}", resource.properties))
        .kind
}

/// The codes of the problems found, in order.
pub(crate) fn codes(input: &LoadedInput) -> Vec<&'static str> {
    input.problems.iter().map(|problem| problem.code).collect()
}
