//! Parsing JSON and YAML text into a spanned [`super::Node`] tree.
