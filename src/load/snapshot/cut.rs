//! A JSON object cut into its top-level values, and the lists among them into one slice
//! per item, without building anything: what lets a large snapshot page be read in
//! parallel, one entity per task (details.rs), where one serde_json pass over the page
//! would read every entity in turn.
//!
//! The cut only finds where values begin and end; whether each slice is well-formed JSON
//! is for serde_json to tell when it reads it. It finds them one of two ways ([`Scan`]):
//!
//! - [`Scan::Indented`], for the indented JSON that the AWS CLI prints: an item that
//!   starts with `{` on a line of its own ends at the first `}` that starts a line with
//!   the same indentation. A raw line break is never inside a JSON string, so that `}`
//!   is found with one `memmem` search, without reading the item. Indentation may lie (a
//!   hand-edited file), but then a slice is not exactly one JSON value: from a true item
//!   start, it ends either before the item's end or after it, past the comma. So a
//!   caller that finds a slice serde_json refuses cuts again with [`Scan::Bytes`].
//!   The item is not read, so its nesting is bounded by serde_json's own limit of 128
//!   levels when the item is read alone: up to two levels more than within its page.
//! - [`Scan::Bytes`]: every quote, brace and bracket is followed (string escapes,
//!   nesting).
//!
//! Anything the cut does not follow exactly as serde_json would (a key with an escape, a
//! key written twice, nesting deeper than [`MAX_DEPTH`], text after the object, a missing
//! comma) gives `None`: the caller then reads the whole text in one pass, which reports
//! any mistake where serde_json finds it.

use std::collections::HashSet;

/// Nesting deeper than this is left to the one-pass read (serde_json refuses 128 levels;
/// a slice read alone starts two levels lower than in its page).
const MAX_DEPTH: usize = 100;

/// One top-level value of the object.
#[derive(Debug, PartialEq)]
pub(super) enum Part<'a> {
    /// The items of a list whose key was asked for, each trimmed of whitespace.
    Items(Vec<&'a str>),
    /// Any other value, as written.
    Whole(&'a str),
}

/// How the items of a list are found (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Scan {
    /// By the indentation of their closing braces.
    Indented,
    /// By every quote, brace and bracket.
    Bytes,
}

/// The top-level keys of the object `text`, in document order, each with its value; the
/// values of the keys in `lists` that are lists come cut into their items, found as
/// `scan` says. `None` when the text is not an object the cut follows (see the module
/// documentation).
pub(super) fn cut<'a>(
    text: &'a str,
    lists: &[&str],
    scan: Scan,
) -> Option<Vec<(&'a str, Part<'a>)>> {
    let mut cursor = Cursor {
        text,
        bytes: text.as_bytes(),
        at: 0,
        scan,
    };
    let mut entries: Vec<(&str, Part)> = Vec::new();
    let mut seen = HashSet::new();
    cursor.whitespace();
    cursor.expect(b'{')?;
    cursor.whitespace();
    if cursor.peek() == Some(b'}') {
        cursor.at += 1;
    } else {
        loop {
            let key = cursor.key()?;
            if !seen.insert(key) {
                return None;
            }
            cursor.whitespace();
            cursor.expect(b':')?;
            cursor.whitespace();
            let part = if lists.contains(&key) && cursor.peek() == Some(b'[') {
                Part::Items(cursor.items()?)
            } else {
                Part::Whole(cursor.value(1)?)
            };
            entries.push((key, part));
            cursor.whitespace();
            match cursor.next()? {
                b',' => cursor.whitespace(),
                b'}' => break,
                _ => return None,
            }
        }
    }
    cursor.whitespace();
    (cursor.at == cursor.bytes.len()).then_some(entries)
}

/// A place in the text being cut.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    scan: Scan,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Skips JSON whitespace.
    fn whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// A key without escapes or control characters (which JSON does not allow in a
    /// string), quotes left out.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.at;
        self.string()?;
        let key = self.text.get(start + 1..self.at - 1)?;
        (!key.bytes().any(|byte| byte == b'\\' || byte < 0x20)).then_some(key)
    }

    /// Moves past the string that starts here.
    fn string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            let rest = self.bytes.get(self.at..)?;
            self.at += memchr::memchr2(b'"', b'\\', rest)?;
            match self.next()? {
                b'"' => return Some(()),
                // An escape: the byte after the backslash is never the string's end.
                _ => self.at += 1,
            }
        }
    }

    /// The items of the list that starts here.
    fn items(&mut self) -> Option<Vec<&'a str>> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        let before = self.at;
        self.whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Some(items);
        }
        // The closing brace of an item on lines of its own: a line break, the
        // indentation of the first item's opening brace, and `}`.
        let closing = self
            .text
            .get(before..self.at)
            .and_then(|space| space.rfind('\n').map(|line| &space[line..]))
            .filter(|_| self.scan == Scan::Indented && self.peek() == Some(b'{'))
            .map(|indentation| {
                let mut needle = indentation.as_bytes().to_vec();
                needle.push(b'}');
                memchr::memmem::Finder::new(&needle).into_owned()
            });
        loop {
            let item = match &closing {
                Some(finder) if self.peek() == Some(b'{') => {
                    let start = self.at;
                    let found = finder.find(self.bytes.get(start..)?)?;
                    self.at = start + found + finder.needle().len();
                    self.text.get(start..self.at)?
                }
                _ => self.value(2)?,
            };
            items.push(item);
            self.whitespace();
            match self.next()? {
                b',' => self.whitespace(),
                b']' => return Some(items),
                _ => return None,
            }
        }
    }

    /// The value that starts here, at nesting `depth` (the object cut is at 0).
    fn value(&mut self, depth: usize) -> Option<&'a str> {
        let start = self.at;
        match self.peek()? {
            b'"' => self.string()?,
            b'{' | b'[' => self.nested(depth)?,
            _ => {
                while let Some(byte) = self.peek() {
                    if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.at += 1;
                }
                if self.at == start {
                    return None;
                }
            }
        }
        self.text.get(start..self.at)
    }

    /// Moves past the object or list that starts here, opened at nesting `depth`.
    ///
    /// Only quotes, braces and brackets matter, so the scan jumps from one to the next:
    /// `braces` is the next quote or brace, `brackets` the next bracket (memchr finds
    /// at most three bytes at once), each found again once passed.
    fn nested(&mut self, depth: usize) -> Option<()> {
        let mut open = 0usize;
        let mut braces = self.find(|rest| memchr::memchr3(b'"', b'{', b'}', rest));
        let mut brackets = self.find(|rest| memchr::memchr2(b'[', b']', rest));
        loop {
            self.at = braces.min(brackets);
            match self.peek()? {
                b'"' => {
                    self.string()?;
                    braces = self.find(|rest| memchr::memchr3(b'"', b'{', b'}', rest));
                    if brackets < self.at {
                        brackets = self.find(|rest| memchr::memchr2(b'[', b']', rest));
                    }
                    continue;
                }
                b'{' | b'[' => {
                    open += 1;
                    if depth + open > MAX_DEPTH {
                        return None;
                    }
                }
                _ => {
                    open -= 1;
                    if open == 0 {
                        self.at += 1;
                        return Some(());
                    }
                }
            }
            self.at += 1;
            if braces < self.at {
                braces = self.find(|rest| memchr::memchr3(b'"', b'{', b'}', rest));
            } else {
                brackets = self.find(|rest| memchr::memchr2(b'[', b']', rest));
            }
        }
    }

    /// Where `search` finds its next byte from here on; the end of the text when nowhere.
    fn find(&self, search: impl Fn(&[u8]) -> Option<usize>) -> usize {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        search(rest).map_or(self.bytes.len(), |found| self.at + found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTS: [&str; 2] = ["Roles", "Users"];

    #[test]
    fn lists_asked_for_are_cut_into_their_items_and_other_values_kept_whole() {
        let text = "{\n  \"Roles\": [ {\"a\": \"]}\\\"\"} ,\n {\"b\": [1, {\"c\": []}]} ],\n  \
                    \"Users\": [],\n  \"Marker\": \"m\\\\\",\n  \"Other\": [1, 2],\n  \
                    \"IsTruncated\": true\n}\n";
        let entries = cut(text, &LISTS, Scan::Bytes).unwrap();
        assert_eq!(
            entries,
            vec![
                (
                    "Roles",
                    Part::Items(vec![r#"{"a": "]}\""}"#, r#"{"b": [1, {"c": []}]}"#])
                ),
                ("Users", Part::Items(vec![])),
                ("Marker", Part::Whole(r#""m\\""#)),
                ("Other", Part::Whole("[1, 2]")),
                ("IsTruncated", Part::Whole("true")),
            ]
        );
        // The slices are the page's own text (positions are worked out from them).
        let Part::Items(roles) = &entries[0].1 else {
            panic!("not cut");
        };
        let offset = roles[1].as_ptr() as usize - text.as_ptr() as usize;
        assert_eq!(&text[offset..offset + roles[1].len()], roles[1]);
        assert_eq!(cut(" {} ", &LISTS, Scan::Bytes), Some(vec![]));
        assert_eq!(
            cut(r#"{"Roles": null}"#, &LISTS, Scan::Bytes),
            Some(vec![("Roles", Part::Whole("null"))])
        );
    }

    #[test]
    fn many_keys_are_cut_and_a_key_written_twice_among_them_is_found() {
        let keys: Vec<String> = (0..20_000).map(|i| format!(r#""K{i}": {i}"#)).collect();
        let text = format!(r#"{{{}, "Roles": [1]}}"#, keys.join(", "));
        let entries = cut(&text, &LISTS, Scan::Bytes).unwrap();
        assert_eq!(entries.len(), 20_001);
        assert_eq!(entries[19_999], ("K19999", Part::Whole("19999")));
        let text = format!(r#"{{{}, "K7": 0}}"#, keys.join(", "));
        assert_eq!(cut(&text, &LISTS, Scan::Bytes), None);
    }

    #[test]
    fn what_the_cut_does_not_follow_is_left_to_the_one_pass_read() {
        let deep = format!(
            r#"{{"Roles": [{}{}]}}"#,
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        let shallow = format!(
            r#"{{"Roles": [{}{}]}}"#,
            "[".repeat(MAX_DEPTH - 2),
            "]".repeat(MAX_DEPTH - 2)
        );
        assert!(cut(&shallow, &LISTS, Scan::Bytes).is_some());
        for text in [
            "",
            "[]",
            r#"{"Roles": [1,]}"#,
            r#"{"Roles": [1 2]}"#,
            r#"{"Roles": [1], "Roles": []}"#,
            r#"{"Ro\u006ces": []}"#,
            "{\"Ro\nles\": []}",
            r#"{"Roles": [1]} {}"#,
            r#"{"Roles": [1]"#,
            r#"{"Roles": ["unterminated]}"#,
            r#"{"Roles" [1]}"#,
            r#"{"Other": }"#,
            r#"{"Roles": [{"a": [}]}"#,
            &deep,
        ] {
            assert_eq!(cut(text, &LISTS, Scan::Bytes), None, "{text}");
        }
    }
}
