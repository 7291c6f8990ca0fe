//! Where a multi-line quoted scalar or flow collection ends, read straight from the text.
//!
//! When saphyr refuses an under-indented line (see `reindent`), it says where it stopped,
//! not where the construct holding the line ends. Both constructs are easy to delimit
//! without a YAML parser: a quoted scalar ends at its closing quote (`''` and `\"` are
//! escapes), and inside a flow collection brackets can only appear as indicators, in quoted
//! scalars or in comments, because plain scalars there may not contain `[]{},`. A wrong
//! guess costs nothing: the retried parse checks that every padded line lies inside a
//! quoted scalar or flow collection it actually read.

/// The offset of the quote that closes the quoted scalar opening at `open`, or `None` when
/// `open` is no quote or nothing closes it. The start of every later line that holds part of
/// the scalar (content or the closing quote, not blanks alone) is pushed to `lines`.
pub(super) fn quoted_end(text: &str, open: usize, lines: &mut Vec<usize>) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(open).filter(|&&b| b == b'\'' || b == b'"')?;
    let mut at = open + 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\'' if quote == b'\'' => {
                if bytes.get(at + 1) != Some(&b'\'') {
                    return Some(at);
                }
                at += 1;
            }
            b'"' if quote == b'"' => return Some(at),
            // An escape takes the next character, unless it is a line break (an escaped
            // line break still starts a new line).
            b'\\' if quote == b'"' && !matches!(bytes.get(at + 1), Some(b'\r' | b'\n')) => {
                at += 1;
            }
            b'\n' if first_non_blank(bytes, at + 1).is_some() => lines.push(at + 1),
            _ => {}
        }
        at += 1;
    }
    None
}

/// The opening and closing brackets of the outermost flow collection that holds offset
/// `inside`, reading from `from`, a place outside any flow collection or at the opening
/// bracket of the outermost one. The start of every later line of the collection that holds
/// more than blanks and a comment is pushed to `lines`.
pub(super) fn flow_extent(
    text: &str,
    from: usize,
    inside: usize,
    lines: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut open = from;
    let mut at = from;
    while let Some(&byte) = bytes.get(at) {
        if depth == 0 && at >= inside {
            return None;
        }
        let after_blank = at == from || matches!(bytes[at - 1], b' ' | b'\t' | b'\r' | b'\n');
        // Only asked for quotes and brackets, so plain text costs nothing.
        let token_start = || {
            if depth == 0 {
                at == from || starts_block_node(bytes, at)
            } else {
                after_blank || matches!(bytes[at - 1], b'[' | b'{' | b',' | b':')
            }
        };
        match byte {
            b'#' if after_blank => {
                while bytes.get(at + 1).is_some_and(|&b| b != b'\n') {
                    at += 1;
                }
            }
            b'\'' | b'"' if token_start() => {
                let kept = lines.len();
                at = quoted_end(text, at, lines)?;
                if depth == 0 {
                    lines.truncate(kept);
                }
            }
            b'[' | b'{' if token_start() => {
                if depth == 0 {
                    open = at;
                    lines.clear();
                }
                depth += 1;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if open < inside && inside <= at {
                        return Some((open, at));
                    }
                    lines.clear();
                }
            }
            b'\n'
                if depth > 0
                    && first_non_blank(bytes, at + 1).is_some_and(|first| bytes[first] != b'#') =>
            {
                lines.push(at + 1);
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// How far back [`starts_block_node`] reads: further than any indentation, tag or anchor.
const LOOKBACK: usize = 256;

/// Whether a node of a block collection can start at `at`: at the start of its line, after
/// an indicator (`key:`, `-`, `?`) or after a tag or an anchor. Elsewhere a quote or a
/// bracket is part of plain text (`it's [not] a list`). Only the [`LOOKBACK`] bytes before
/// `at` are read, so a long line costs no more per bracket.
fn starts_block_node(bytes: &[u8], at: usize) -> bool {
    let before = bytes
        .get(at.saturating_sub(LOOKBACK)..at)
        .unwrap_or_default();
    let Some(last) = before.iter().rposition(|&b| b != b' ' && b != b'\t') else {
        return true;
    };
    let blank_before =
        |at: usize| at == 0 || matches!(before[at - 1], b' ' | b'\t' | b'\r' | b'\n');
    match before[last] {
        b'\n' | b'\r' | b':' => true,
        b'-' | b'?' => blank_before(last),
        _ => {
            let token_start = (0..=last).rev().find(|&i| blank_before(i)).unwrap_or(0);
            matches!(before[token_start], b'!' | b'&')
        }
    }
}

/// The number of spaces and tabs at the start of the line starting at `line_start`.
pub(super) fn leading_blanks(text: &str, line_start: usize) -> usize {
    let bytes = text.as_bytes().get(line_start..).unwrap_or_default();
    bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// The first character of the line starting at `line_start` that is not a space or a tab,
/// unless the line holds nothing else.
pub(super) fn first_non_blank(bytes: &[u8], line_start: usize) -> Option<usize> {
    let mut at = line_start;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b' ' | b'\t' => at += 1,
            b'\r' | b'\n' => return None,
            _ => return Some(at),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Option<(usize, Vec<usize>)> {
        let open = text.find(['\'', '"']).unwrap();
        let mut lines = Vec::new();
        quoted_end(text, open, &mut lines).map(|end| (end, lines))
    }

    fn flow(text: &str, inside: &str) -> Option<((usize, usize), Vec<usize>)> {
        let mut lines = Vec::new();
        let inside = text.find(inside).unwrap();
        flow_extent(text, 0, inside, &mut lines).map(|extent| (extent, lines))
    }

    #[test]
    fn single_quotes_close_at_a_lone_quote() {
        let text = "a: 'it''s\n\n  x\n'  # c";
        assert_eq!(
            quoted(text),
            Some((text.rfind('\'').unwrap(), vec![11, 15]))
        );
    }

    #[test]
    fn double_quotes_skip_escapes_but_not_escaped_line_breaks() {
        let text = "a: \"say \\\"hi\\\" \\\r\n x\" 'y'";
        let (end, lines) = quoted(text).unwrap();
        assert_eq!(&text[end - 1..=end], "x\"");
        assert_eq!(lines, vec![text.find(" x").unwrap()]);
    }

    #[test]
    fn an_unclosed_quote_has_no_end() {
        assert_eq!(quoted("a: 'abc\nb: 1\n"), None);
        assert_eq!(quoted("a: \"abc\\\""), None);
        let mut lines = Vec::new();
        assert_eq!(quoted_end("a: b", 1, &mut lines), None);
    }

    #[test]
    fn the_outermost_collection_holding_a_place_is_found() {
        let text = "k: [a, {b: \"]\"}] # [\nv: [\n  x, [y,\n  # ]\n\n  z]\n]\nw: 1";
        let ((open, close), lines) = flow(text, "z]").unwrap();
        assert_eq!(open, text.find("v: [").unwrap() + 3);
        assert_eq!(close, text.rfind(']').unwrap());
        let starts: Vec<&str> = lines.iter().map(|&at| &text[at..at + 3]).collect();
        assert_eq!(starts, ["  x", "  z", "]\nw"]);
    }

    #[test]
    fn quotes_and_brackets_inside_plain_text_are_text() {
        let text = "k: don't [x\nv: {a: \"b\":\"c\",\n d}\n";
        let ((open, close), lines) = flow(text, " d}").unwrap();
        assert_eq!(
            (open, close),
            (text.find('{').unwrap(), text.find('}').unwrap())
        );
        assert_eq!(lines, vec![text.find(" d}").unwrap()]);
    }

    #[test]
    fn block_level_brackets_open_a_collection_only_where_a_node_starts() {
        for text in [
            "k: [\n x]",
            "- [\n x]",
            "k:\n  [\n x]",
            "k: !Sub [\n x]",
            "k: &a {\n x}",
            "\"k\": [\n x]",
        ] {
            assert!(flow(text, " x").is_some(), "{text:?}");
        }
        for text in ["k: a [\n x]", "k: a-[\n x]", "k: 'it''s' [\n x]"] {
            assert_eq!(flow(text, " x"), None, "{text:?}");
        }
    }

    #[test]
    fn a_place_outside_every_collection_has_no_extent() {
        assert_eq!(flow("a: [1]\nb: 2\n", "2"), None);
        assert_eq!(flow("a: [1,\n2\n", "2"), None);
        assert_eq!(flow("a: 'x\n", "x"), None);
    }

    #[test]
    fn leading_blanks_and_blank_lines() {
        assert_eq!(leading_blanks(" \t x", 0), 3);
        assert_eq!(leading_blanks("x", 5), 0);
        assert_eq!(first_non_blank(b"  \r\n", 0), None);
        assert_eq!(first_non_blank(b"  ", 0), None);
        assert_eq!(first_non_blank(b"\t x", 0), Some(2));
    }
}
