//! YAML tags and node properties: CloudFormation short forms, core-schema tags, anchors.
//!
//! CloudFormation writes intrinsic functions in YAML as local tags (`!Ref X`, `!Sub ...`);
//! the parser rewrites them to the long form every loader understands (`{Ref: X}`,
//! `{"Fn::Sub": ...}`). saphyr gives a node's tag but not where the tag is written, so
//! [`NodeProperties::read`] finds the tag and anchor in the text between the node's start
//! and its content.

use saphyr_parser::Tag;

/// What a node's tag asks for.
#[derive(Debug, PartialEq)]
pub(super) enum TagMeaning {
    /// A YAML core-schema tag (`!!str`, `!!int`, ...), by suffix.
    Core(String),
    /// The non-specific tag `!`: the scalar is a string.
    NonSpecific,
    /// A CloudFormation short form: wrap the node in a one-entry map with this key.
    ShortForm {
        /// The long form's key (`Ref`, `Fn::Sub`, ...).
        key: String,
        /// Whether CloudFormation documents the function; other local tags belong to
        /// template preprocessors (org-formation's `!Include`, Rain's `!Rain::Module`).
        known: bool,
    },
    /// A tag with another handle (`!e!x` from a `%TAG` directive, `!<tag:...>`).
    Unsupported,
}

/// Short forms of the intrinsic functions CloudFormation documents: the function reference
/// and the rule functions of the `Rules` section (documented in long form only, but cfn-lint
/// reads `!Contains` and its kin the same way). The `AWS::LanguageExtensions` functions
/// (`Fn::Length`, `Fn::ToJsonString`, `Fn::ForEach`) have no short form, so they are absent.
const KNOWN_FUNCTIONS: [&str; 24] = [
    "Ref",
    "Condition",
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "Contains",
    "EachMemberEquals",
    "EachMemberIn",
    "RefAll",
    "ValueOf",
    "ValueOfAll",
];

/// What `tag` means for a CloudFormation template.
pub(super) fn classify(tag: &Tag) -> TagMeaning {
    if tag.is_yaml_core_schema() {
        return TagMeaning::Core(tag.suffix.clone());
    }
    // saphyr gives the non-specific tag `!` an empty handle and the suffix `!`.
    if tag.handle.is_empty() && tag.suffix == "!" {
        return TagMeaning::NonSpecific;
    }
    if tag.handle != "!" {
        return TagMeaning::Unsupported;
    }
    let name = tag.suffix.as_str();
    let key = match name {
        "Ref" | "Condition" => name.to_owned(),
        _ => format!("Fn::{name}"),
    };
    TagMeaning::ShortForm {
        key,
        known: KNOWN_FUNCTIONS.contains(&name),
    }
}

/// Where a node's tag and content are, as byte offsets.
#[derive(Debug, PartialEq)]
pub(super) struct NodeProperties {
    /// The tag's text, such as `!Ref`.
    pub(super) tag: Option<(usize, usize)>,
    /// Where the node's content starts, after its properties and the blanks that follow.
    pub(super) content_start: usize,
}

impl NodeProperties {
    /// Reads the properties of the node written at `start..end` (its event span, which
    /// begins with its first property). Anchors are skipped: they name a node for aliases,
    /// which are refused, and mean nothing by themselves.
    pub(super) fn read(text: &str, start: usize, end: usize) -> NodeProperties {
        let bytes = text.as_bytes();
        let end = end.min(bytes.len());
        let mut tag = None;
        let mut at = start;
        // At most two properties: a tag and an anchor, in either order.
        for _ in 0..2 {
            at = skip_blanks_and_comments(bytes, at, end);
            let first = bytes.get(at).filter(|_| at < end);
            if !matches!(first, Some(b'!' | b'&')) {
                break;
            }
            let token_end = if bytes.get(at + 1) == Some(&b'<') {
                // A verbatim tag, `!<...>`, may hold commas and brackets.
                (at..end).find(|&i| bytes[i] == b'>').map_or(end, |i| i + 1)
            } else {
                (at..end).find(|&i| is_token_end(bytes[i])).unwrap_or(end)
            };
            if first == Some(&b'!') {
                tag = Some((at, token_end));
            }
            at = token_end;
        }
        NodeProperties {
            tag,
            content_start: skip_blanks_and_comments(bytes, at, end).min(end),
        }
    }
}

/// Skips spaces, tabs, line breaks and `#` comments from `at`, stopping at `end`.
pub(super) fn skip_blanks_and_comments(bytes: &[u8], mut at: usize, end: usize) -> usize {
    while at < end {
        match bytes[at] {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' => {
                while at < end && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            _ => break,
        }
    }
    at
}

/// A tag or anchor ends at a blank or a flow indicator.
fn is_token_end(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(handle: &str, suffix: &str) -> Tag {
        Tag {
            handle: handle.into(),
            suffix: suffix.into(),
        }
    }

    #[test]
    fn short_forms_become_long_form_keys() {
        let short = |name: &str| classify(&tag("!", name));
        assert_eq!(
            short("Ref"),
            TagMeaning::ShortForm {
                key: "Ref".into(),
                known: true
            }
        );
        assert_eq!(
            short("Condition"),
            TagMeaning::ShortForm {
                key: "Condition".into(),
                known: true
            }
        );
        assert_eq!(
            short("GetAtt"),
            TagMeaning::ShortForm {
                key: "Fn::GetAtt".into(),
                known: true
            }
        );
        assert_eq!(
            short("Include"),
            TagMeaning::ShortForm {
                key: "Fn::Include".into(),
                known: false
            }
        );
        let non_specific = Tag {
            handle: String::new(),
            suffix: "!".into(),
        };
        assert_eq!(classify(&non_specific), TagMeaning::NonSpecific);
    }

    #[test]
    fn core_and_foreign_tags() {
        assert_eq!(
            classify(&tag("tag:yaml.org,2002:", "str")),
            TagMeaning::Core("str".into())
        );
        assert_eq!(classify(&tag("!e!", "x")), TagMeaning::Unsupported);
        assert_eq!(
            classify(&tag("", "tag:example.com:x")),
            TagMeaning::Unsupported
        );
    }

    #[test]
    fn properties_are_found_in_either_order() {
        let text = "a: !Sub &x # note\n  - y";
        let properties = NodeProperties::read(text, 3, text.len());
        let (tag_start, tag_end) = properties.tag.unwrap();
        assert_eq!(&text[tag_start..tag_end], "!Sub");
        assert_eq!(&text[properties.content_start..], "- y");

        let text = "[&a !Ref b]";
        let properties = NodeProperties::read(text, 1, 10);
        assert_eq!(properties.tag, Some((4, 8)));
        assert_eq!(properties.content_start, 9);

        let text = "!<tag:x.com,2000:[y]> z";
        let properties = NodeProperties::read(text, 0, text.len());
        assert_eq!(properties.tag, Some((0, 21)));
        assert_eq!(properties.content_start, 22);
    }

    #[test]
    fn a_node_without_properties_starts_at_its_content() {
        let properties = NodeProperties::read("a: b", 3, 4);
        assert_eq!(properties.tag, None);
        assert_eq!(properties.content_start, 3);
    }

    #[test]
    fn an_empty_tagged_node_ends_at_its_tag() {
        let text = "a: !Ref\nb: 1";
        let properties = NodeProperties::read(text, 3, 7);
        assert_eq!(properties.tag, Some((3, 7)));
        assert_eq!(properties.content_start, 7);
    }
}
