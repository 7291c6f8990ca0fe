//! Map and object functions: `merge`, `lookup`, `keys`, `values`, `transpose`,
//! `zipmap`. Results list keys in lexical order, as Terraform iterates maps and objects;
//! values keep their own spans and may be unknown.

use std::collections::BTreeMap;

use super::{
    Call, Outcome, Stop, check_items, deduplicated, fields, items, known, list, string, text,
    type_name,
};
use crate::load::{Field, Value, ValueKind};
use crate::source::Span;

/// `merge(maps...)`: later keys win; nulls are skipped; keys in lexical order.
pub(super) fn merge(call: Call<'_>) -> Outcome {
    let mut merged: Vec<Field> = Vec::new();
    for argument in &call.args {
        let more = match &known(argument)?.kind {
            ValueKind::Null => continue,
            ValueKind::Map(more) => more,
            _ => {
                return Err(Stop::Error(format!(
                    "arguments must be maps or objects, got {}",
                    type_name(argument)
                )));
            }
        };
        merged.extend(more.iter().cloned());
        check_items(merged.len())?;
    }
    let mut merged = deduplicated(merged);
    merged.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Value::new(call.span, ValueKind::Map(merged)))
}

/// `lookup(map, key, default)`: the value (with its own span), else the default.
pub(super) fn lookup(call: Call<'_>) -> Outcome {
    let map = fields(call.at(0))?;
    let key = text(call.at(1))?;
    match map.iter().find(|field| *field.key == *key) {
        Some(field) => Ok(field.value.clone()),
        None => match call.arg(2) {
            Some(default) => Ok(default.clone()),
            None => Err(Stop::Error(format!("lookup failed to find key {key:?}"))),
        },
    }
}

/// The fields of a map argument in lexical key order.
fn sorted_fields<'c>(call: &'c Call<'_>) -> Result<Vec<&'c Field>, Stop> {
    let mut sorted: Vec<&Field> = fields(call.at(0))?.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(sorted)
}

/// `keys(map)`: in lexical order, each at its key's span.
pub(super) fn keys(call: Call<'_>) -> Outcome {
    let keys = sorted_fields(&call)?
        .into_iter()
        .map(|field| string(field.key_span, field.key.clone()))
        .collect();
    Ok(list(call.span, keys))
}

/// `values(map)`: in the lexical order of their keys.
pub(super) fn values(call: Call<'_>) -> Outcome {
    let values = sorted_fields(&call)?
        .into_iter()
        .map(|field| field.value.clone())
        .collect();
    Ok(list(call.span, values))
}

/// `transpose(map of lists)`: each string of the lists becomes a key listing the keys
/// that held it.
pub(super) fn transpose(call: Call<'_>) -> Outcome {
    // Keys in lexical order, each with where it first appears and the keys that hold it.
    let mut transposed: BTreeMap<String, (Span, Vec<Value>)> = BTreeMap::new();
    for field in sorted_fields(&call)? {
        for item in items(&field.value)? {
            let (_, holders) = transposed
                .entry(text(item)?.into_owned())
                .or_insert_with(|| (item.span, Vec::new()));
            holders.push(string(field.key_span, field.key.clone()));
        }
    }
    let transposed = transposed
        .into_iter()
        .map(|(key, (key_span, holders))| Field {
            key: key.into(),
            key_span,
            value: list(call.span, holders),
        })
        .collect();
    Ok(Value::new(call.span, ValueKind::Map(transposed)))
}

/// `zipmap(keys, values)`: keys in lexical order, values with their own spans.
pub(super) fn zipmap(call: Call<'_>) -> Outcome {
    let keys = items(call.at(0))?;
    let values = items(call.at(1))?;
    if keys.len() != values.len() {
        return Err(Stop::Error(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        )));
    }
    let mut zipped: Vec<Field> = Vec::with_capacity(keys.len());
    for (key, value) in keys.iter().zip(values) {
        zipped.push(Field {
            key: text(key)?.as_ref().into(),
            key_span: key.span,
            value: value.clone(),
        });
    }
    let mut zipped = deduplicated(zipped);
    zipped.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Value::new(call.span, ValueKind::Map(zipped)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    #[test]
    fn merge_sorts_keys_and_later_maps_win() {
        let merged = run(
            "merge",
            vec![
                map(vec![("b", num("1")), ("a", num("1"))]),
                null(),
                map(vec![("b", reference("aws_iam_role.r", "arn"))]),
            ],
        );
        assert_eq!(
            merged,
            map(vec![
                ("a", num("1")),
                ("b", reference("aws_iam_role.r", "arn"))
            ])
        );
        assert!(error(&run("merge", vec![strings(&[])])).contains("maps or objects"));
        assert_eq!(
            reason(&run("merge", vec![map(vec![]), unknown("later")])),
            "later"
        );
    }

    #[test]
    fn lookup_finds_keys_or_the_default() {
        let tags = map(vec![("a", text_value("x")), ("b", unknown("later"))]);
        assert_eq!(
            run("lookup", vec![tags.clone(), text_value("a")]),
            text_value("x")
        );
        assert_eq!(
            run("lookup", vec![tags.clone(), text_value("b")]),
            unknown("later")
        );
        assert_eq!(
            run(
                "lookup",
                vec![tags.clone(), text_value("c"), text_value("d")]
            ),
            text_value("d")
        );
        assert!(
            error(&run("lookup", vec![tags.clone(), text_value("c")]))
                .contains("failed to find key \"c\"")
        );
        assert_eq!(
            reason(&run("lookup", vec![tags, unknown("key later")])),
            "key later"
        );
    }

    #[test]
    fn keys_and_values_in_key_order() {
        let tags = map(vec![("b", num("2")), ("a", unknown("later"))]);
        assert_eq!(run("keys", vec![tags.clone()]), strings(&["a", "b"]));
        assert_eq!(
            run("values", vec![tags]),
            list(vec![unknown("later"), num("2")])
        );
        assert!(error(&run("keys", vec![strings(&[])])).contains("map required, got list"));
    }

    #[test]
    fn transpose_and_zipmap() {
        assert_eq!(
            run(
                "transpose",
                vec![map(vec![
                    ("b", strings(&["1", "3"])),
                    ("a", strings(&["1", "2"]))
                ])]
            ),
            map(vec![
                ("1", strings(&["a", "b"])),
                ("2", strings(&["a"])),
                ("3", strings(&["b"]))
            ])
        );
        assert_eq!(
            run(
                "zipmap",
                vec![strings(&["b", "a"]), list(vec![num("1"), unknown("later")])]
            ),
            map(vec![("a", unknown("later")), ("b", num("1"))])
        );
        assert!(
            error(&run("zipmap", vec![strings(&["a"]), strings(&[])]))
                .contains("number of keys (1)")
        );
    }
}
