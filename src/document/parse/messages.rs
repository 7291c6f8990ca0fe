//! User-facing wording for saphyr's syntax errors.
//!
//! saphyr's messages are written for YAML implementers ("while parsing a block mapping,
//! did not find expected key"); the classic mistakes in templates get a sentence that says
//! what is probably wrong, the rest keep saphyr's text.

/// The problem code and message for a saphyr error text.
pub(super) fn describe_scan_error(info: &str) -> (&'static str, String) {
    if info == "recursion limit exceeded" {
        return (
            "too-deep",
            "the document nests deeper than the parser allows (255 levels of `[` or `{`)"
                .to_owned(),
        );
    }
    let hint = if info.contains("did not find expected ',' or '}'") {
        "expected `,` or `}`: a comma is probably missing before this entry"
    } else if info.contains("expected ',' or ']'") {
        "expected `,` or `]`: a comma or the closing `]` is probably missing"
    } else if info.contains("did not find expected key") {
        "this line is not indented like the other keys of its mapping"
    } else if info.contains("invalid indentation in quoted scalar") {
        "this quoted string is not closed on its line, or its next line is not indented enough"
    } else if info.contains("while scanning a quoted scalar, found unexpected end of stream") {
        "this quoted string is not closed before the end of the file"
    } else if info.starts_with("tabs disallowed") {
        "YAML indentation must use spaces, not tabs"
    } else if info == "mapping values are not allowed in this context" {
        "a `: ` is not allowed here; quote the value if it contains one"
    } else {
        return ("parse-error", format!("invalid YAML or JSON: {info}"));
    };
    ("parse-error", format!("{hint} ({info})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_mistakes_get_a_hint_and_keep_the_original() {
        let (code, message) =
            describe_scan_error("while parsing a flow mapping, did not find expected ',' or '}'");
        assert_eq!(code, "parse-error");
        assert!(
            message.starts_with("expected `,` or `}`: a comma"),
            "{message}"
        );
        assert!(
            message.ends_with("did not find expected ',' or '}')"),
            "{message}"
        );
    }

    #[test]
    fn other_errors_keep_saphyr_text() {
        let (code, message) = describe_scan_error("found unknown anchor");
        assert_eq!(code, "parse-error");
        assert_eq!(message, "invalid YAML or JSON: found unknown anchor");
    }

    #[test]
    fn the_flow_depth_limit_is_too_deep() {
        assert_eq!(
            describe_scan_error("recursion limit exceeded").0,
            "too-deep"
        );
    }
}
