//! Parsed documents: JSON and YAML text turned into a [`Node`] tree with positions.

pub mod json;
pub mod node;
pub mod parse;

pub use node::{Entry, Node, NodeValue};
