//! UTF-16 surrogate pairs in JSON strings.
//!
//! JSON writes a character beyond the Basic Multilingual Plane as two `\u` escapes, a
//! surrogate pair (`"\ud83d\ude00"` is 😀), and serde_json (which reads plans) accepts
//! it; saphyr, which reads templates, refuses it. So a JSON text is read from a copy in
//! which each pair is the YAML escape of its character, `\U0001F600`, followed by `\0`:
//! twelve characters for twelve, so every position of the copy is the original's, and the
//! tree builder drops the `\0` after the character again (see [`unpair`]).
//!
//! A lone surrogate is no character at all: it is a positioned error, as serde_json makes
//! it (CloudFormation's own reader leaves it in the string, where no IAM name or ARN can
//! hold it).

/// The copy to read and the byte offsets of the pairs it rewrote, in order.
#[derive(Debug)]
pub(super) struct Paired {
    /// The text as saphyr reads it.
    pub(super) read: String,
    /// Where each rewritten pair starts.
    pub(super) offsets: Vec<usize>,
}

/// A lone surrogate escape: its byte range and a message.
pub(super) type Lone = (usize, usize, String);

/// The copy of a JSON `text` with its surrogate pairs rewritten, or `None` when there are
/// none (or the text is not JSON); a lone surrogate escape is an error.
pub(super) fn pair_escapes(text: &str) -> Result<Option<Paired>, Lone> {
    let json = text.trim_start().starts_with(['{', '[']);
    if !json || memchr::memmem::find(text.as_bytes(), b"\\u").is_none() {
        return Ok(None);
    }
    let bytes = text.as_bytes();
    let mut pairs: Vec<(usize, u32)> = Vec::new();
    let (mut at, mut in_string) = (0, false);
    while at < bytes.len() {
        match (in_string, bytes[at]) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                match escaped_unit(bytes, at) {
                    Some(high @ 0xD800..=0xDBFF) => match escaped_unit(bytes, at + 6) {
                        Some(low @ 0xDC00..=0xDFFF) => {
                            pairs.push((at, 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)));
                            at += 12;
                        }
                        _ => return Err(lone(text, at, "its low half")),
                    },
                    Some(0xDC00..=0xDFFF) => return Err(lone(text, at, "a high half before it")),
                    Some(_) => at += 6,
                    None => at += 2,
                }
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    if pairs.is_empty() {
        return Ok(None);
    }
    let mut read = String::with_capacity(text.len());
    let mut copied = 0;
    for &(start, character) in &pairs {
        read.push_str(text.get(copied..start).unwrap_or(""));
        read.push_str(&format!("\\U{character:08X}\\0"));
        copied = start + 12;
    }
    read.push_str(text.get(copied..).unwrap_or(""));
    let offsets = pairs.into_iter().map(|(start, _)| start).collect();
    Ok(Some(Paired { read, offsets }))
}

/// The code unit of a `\uXXXX` escape at `at`, if there is one.
fn escaped_unit(bytes: &[u8], at: usize) -> Option<u32> {
    let escape = bytes.get(at..at + 6)?;
    if &escape[..2] != b"\\u" {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u32::from_str_radix(hex, 16).ok()
}

fn lone(text: &str, at: usize, missing: &str) -> Lone {
    let escape = text.get(at..at + 6).unwrap_or("\\u");
    (
        at,
        at + 6,
        format!(
            "invalid JSON string: `{escape}` is half of a UTF-16 surrogate pair without {missing}, so it is no character; write the character itself or both halves (`\\ud83d\\ude00` is 😀)"
        ),
    )
}

/// `value`, a double-quoted scalar read from the copy that holds `count` rewritten pairs,
/// without the `\0` that follows each pair's character.
pub(super) fn unpair(value: &str, count: usize) -> String {
    let mut out = String::with_capacity(value.len());
    let mut left = count;
    let mut previous = '\0';
    for character in value.chars() {
        if character == '\0' && left > 0 && u32::from(previous) >= 0x10000 {
            left -= 1;
        } else {
            out.push(character);
        }
        previous = character;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_become_same_length_escapes_and_lone_halves_are_errors() {
        let text = r#"{"a": "x\ud83d\ude00y", "b": "\\ud83d", "c": "\u00e9"}"#;
        let paired = pair_escapes(text).unwrap().unwrap();
        assert_eq!(paired.read.len(), text.len());
        assert_eq!(paired.offsets, [text.find("\\ud83d").unwrap()]);
        assert!(paired.read.contains(r"x\U0001F600\0y"));
        // An escaped backslash is not an escape.
        assert!(paired.read.contains(r#""\\ud83d""#));
        let (start, end, message) = pair_escapes(r#"{"a": "\ud83dx"}"#).unwrap_err();
        assert_eq!((start, end), (7, 13));
        assert!(message.contains("without its low half"), "{message}");
        assert!(pair_escapes(r#"{"a": "\ude00"}"#).is_err());
        // YAML is left to saphyr, and JSON without pairs is read as written.
        assert!(pair_escapes("a: \"\\ud83d\\ude00\"").unwrap().is_none());
        assert!(pair_escapes(r#"{"a": "\u00e9"}"#).unwrap().is_none());
    }

    #[test]
    fn a_json_text_with_pairs_parses_with_its_values_and_positions() {
        let text = r#"{"a\ud83d\ude00": "x\ud83d\ude00y\ud83d\ude00", "b": "z"}"#;
        let parsed =
            crate::document::parse::parse_fragment(text, 0, crate::source::FileId(0)).unwrap();
        let a = parsed.root.get("a\u{1F600}").unwrap();
        assert_eq!(a.as_str(), Some("x\u{1F600}y\u{1F600}"));
        assert_eq!(&text[a.span.range()], r#""x\ud83d\ude00y\ud83d\ude00""#);
        let b = parsed.root.get("b").unwrap();
        assert_eq!(&text[b.span.range()], r#""z""#);
    }

    #[test]
    fn unpair_drops_only_the_padding() {
        assert_eq!(unpair("x\u{1F600}\0y", 1), "x\u{1F600}y");
        assert_eq!(unpair("\0\u{1F600}\0\0", 1), "\0\u{1F600}\0");
    }
}
