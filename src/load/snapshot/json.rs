//! Reading a snapshot's JSON with positions: a value converted level by level from borrowed
//! raw slices, so that each part down to a chosen depth carries its own span (a statement,
//! an attachment), and the parts below it the span of their enclosing part.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::field;
use crate::document::json::{json_problem, span_of};
use crate::load::terraform::value_from_raw;
use crate::load::value::{Value, ValueKind};
use crate::problem::Problem;
use crate::source::{FileId, SourceFile};

/// Problem code of a snapshot whose JSON has the wrong shape.
pub const INVALID_SNAPSHOT: &str = "invalid-snapshot";

/// Deserializes `T` from `raw` (a slice of `file.text`); a mistake is positioned where
/// serde_json stopped, with `what` saying what was being read.
pub(super) fn parse<'a, T: Deserialize<'a>>(
    file: &SourceFile,
    id: FileId,
    text: &'a str,
    what: &str,
) -> Result<T, Problem> {
    serde_json::from_str(text)
        .map_err(|error| json_problem(file, id, text, &error, INVALID_SNAPSHOT, what))
}

/// The value of `raw` with its own span, and the spans of its parts `depth` levels down.
pub(super) fn spanned(
    file: &SourceFile,
    id: FileId,
    raw: &RawValue,
    depth: u8,
) -> Result<Value, Problem> {
    let span = span_of(file, raw);
    let text = raw.get();
    if depth > 0 {
        match text.as_bytes().first() {
            Some(b'{') => {
                let entries: Entries = parse(file, id, text, "reading a mapping")?;
                let fields = entries
                    .0
                    .into_iter()
                    .map(|(key, value)| Ok(field(&key, spanned(file, id, value, depth - 1)?)))
                    .collect::<Result<Vec<_>, Problem>>()?;
                return Ok(Value::new(span, ValueKind::Map(fields)));
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = parse(file, id, text, "reading a list")?;
                let items = items
                    .into_iter()
                    .map(|item| spanned(file, id, item, depth - 1))
                    .collect::<Result<Vec<_>, Problem>>()?;
                return Ok(Value::new(span, ValueKind::List(items)));
            }
            _ => {}
        }
    }
    value_from_raw(raw, span)
        .map_err(|error| json_problem(file, id, text, &error, INVALID_SNAPSHOT, "reading a value"))
}

/// The text of a JSON string, or `None` when `raw` is not one.
pub(super) fn text(raw: &RawValue) -> Option<String> {
    serde_json::from_str(raw.get()).ok()
}

/// A mapping's entries in document order, values borrowed raw. A key written twice is kept
/// twice; whoever reads the mapping takes the first.
struct Entries<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// A key, borrowed unless it has escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Cow::<'de, str>::deserialize(deserializer).map(Key)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
        while let Some(Key(key)) = map.next_key::<Key>()? {
            let value: &RawValue = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Entries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_carry_their_own_spans_down_to_the_depth_asked() {
        let text = r#"{"Statement": [{"Effect": "Allow", "Action": ["a", "b"]}]}"#;
        let file = SourceFile::new("s.json", text.to_owned());
        let raw: &RawValue = serde_json::from_str(&file.text).unwrap();
        let value = spanned(&file, FileId(0), raw, 3).unwrap();
        let statement = &value.get("Statement").unwrap().as_list().unwrap()[0];
        let at = |value: &Value| &text[value.span.start as usize..value.span.end as usize];
        assert!(at(statement).starts_with("{\"Effect\""));
        let action = statement.get("Action").unwrap();
        assert_eq!(at(action), r#"["a", "b"]"#);
        // Below the depth, parts share their parent's span.
        let first = &action.as_list().unwrap()[0];
        assert_eq!(first.span, action.span);
        assert_eq!(first.as_str(), Some("a"));
    }
}
