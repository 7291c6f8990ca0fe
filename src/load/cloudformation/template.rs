//! The parts of a template that evaluation consults: parameters, mappings, conditions, the
//! declared logical IDs and the transforms the template asks for.

use super::parameters::Parameters;
use crate::document::Node;
use std::collections::HashSet;

/// The SAM transform.
pub(super) const SAM_TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// What evaluation reads from a template besides the value being evaluated.
#[derive(Debug, Default)]
pub(super) struct Template<'a> {
    /// `Parameters`.
    pub(super) parameters: Parameters<'a>,
    /// `Mappings`, when present.
    pub(super) mappings: Option<&'a Node>,
    /// `Conditions`, when present.
    pub(super) conditions: Option<&'a Node>,
    /// Every resource's logical ID, including expanded `Fn::ForEach` resources and the
    /// roles SAM generates.
    pub(super) logical_ids: HashSet<Box<str>>,
    /// Whether SAM transforms the template (SAM creates resources the template does not
    /// declare, so a reference to an undeclared ID is not a mistake there).
    pub(super) is_sam: bool,
}

/// The transforms named by the `Transform` section (a string or a list; macros given as
/// mappings such as `AWS::Include` are not names and are ignored here).
pub(super) fn transform_names(section: Option<&Node>) -> Vec<&str> {
    match section {
        Some(node) => match node.as_seq() {
            Some(items) => items.iter().filter_map(Node::as_str).collect(),
            None => node.as_str().into_iter().collect(),
        },
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::cloudformation::testing::node;

    #[test]
    fn transform_may_be_a_string_or_a_list() {
        let single = node(r#""AWS::Serverless-2016-10-31""#);
        assert_eq!(transform_names(Some(&single)), vec![SAM_TRANSFORM]);
        let list = node(
            r#"["AWS::LanguageExtensions", {"Name": "AWS::Include"}, "AWS::Serverless-2016-10-31"]"#,
        );
        assert_eq!(
            transform_names(Some(&list)),
            vec!["AWS::LanguageExtensions", SAM_TRANSFORM]
        );
        assert!(transform_names(None).is_empty());
        assert!(transform_names(Some(&node("3"))).is_empty());
    }
}
