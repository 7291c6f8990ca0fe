//! List functions: `concat`, `flatten`, `element`, `length`, `slice`, `distinct`,
//! `range`, ...
//!
//! Structural functions need the structure to be known, not the items: their results keep
//! items known only after apply (and items keep their own spans). Functions that compare
//! or order items (`distinct`, `sort`, `contains` where no known item matches) need the
//! items they look at.

use unicode_segmentation::UnicodeSegmentation;

use super::convert::unified;
use super::numbers::{self, format as number_text};
use super::sets::Membership;
use super::{
    Call, Outcome, Stop, boolean, check_items, items, known, known_in_full, list, number, pending,
    same, string, text, truth, whole, wrong_type,
};
use crate::load::{TextPart, Value, ValueKind};

/// A count or position as a number value.
fn count(call: &Call<'_>, value: usize) -> Value {
    Value::new(call.span, ValueKind::Number(value.to_string().into()))
}

/// `concat(lists...)`.
pub(super) fn concat(call: Call<'_>) -> Outcome {
    let mut all = Vec::new();
    for argument in &call.args {
        let more = items(argument)?;
        check_items(all.len() + more.len())?;
        all.extend(more.iter().cloned());
    }
    Ok(list(call.span, all))
}

/// `flatten(list)`: nested lists replaced by their items, at any depth. An item not known
/// at all may be a list, so it makes the result unknown; references and strings with
/// references are not lists (they are attributes and templates).
pub(super) fn flatten(call: Call<'_>) -> Outcome {
    fn into(items: &[Value], out: &mut Vec<Value>) -> Result<(), Stop> {
        for item in items {
            match &item.kind {
                ValueKind::List(nested) => into(nested, out)?,
                ValueKind::Unknown(_) | ValueKind::OneOf(_) | ValueKind::Absent => {
                    return Err(Stop::Unknown(
                        pending(item).unwrap_or_else(|| crate::load::Unknown::new("not known")),
                    ));
                }
                _ => {
                    out.push(item.clone());
                    check_items(out.len())?;
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    into(items(call.at(0))?, &mut out)?;
    Ok(list(call.span, out))
}

/// `element(list, index)`: the index wraps around the list's length.
pub(super) fn element(call: Call<'_>) -> Outcome {
    let all = items(call.at(0))?;
    let index = whole(call.at(1))?;
    if index < 0 {
        return Err(Stop::Error(
            "cannot use element function with a negative index".into(),
        ));
    }
    if all.is_empty() {
        return Err(Stop::Error(
            "cannot use element function with an empty list".into(),
        ));
    }
    let position = usize::try_from(index).unwrap_or(usize::MAX) % all.len();
    Ok(all[position].clone())
}

/// `index(list, value)`: the position of the first item equal to the value.
pub(super) fn index(call: Call<'_>) -> Outcome {
    let all = items(call.at(0))?;
    let wanted = known_in_full(call.at(1))?;
    for (position, item) in all.iter().enumerate() {
        if same(known_in_full(item)?, wanted)? {
            return Ok(count(&call, position));
        }
    }
    Err(Stop::Error("item not found".into()))
}

/// `length(value)`: items of a list, keys of a map, characters of a string.
pub(super) fn length(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    let length = match &known(value)?.kind {
        ValueKind::List(items) => items.len(),
        ValueKind::Map(fields) => fields.len(),
        ValueKind::Str(text) => text.graphemes(true).count(),
        _ => return Err(wrong_type("collection or string", value)),
    };
    Ok(count(&call, length))
}

/// `slice(list, start, end)`: items from `start` up to, not including, `end`.
pub(super) fn slice(call: Call<'_>) -> Outcome {
    let all = items(call.at(0))?;
    let start = whole(call.at(1))?;
    let end = whole(call.at(2))?;
    let length = i64::try_from(all.len()).unwrap_or(i64::MAX);
    if start < 0 {
        return Err(Stop::Error(
            "the start index must not be less than zero".into(),
        ));
    }
    if end > length {
        return Err(Stop::Error(
            "the end index must not be greater than the length of the list".into(),
        ));
    }
    if start > end {
        return Err(Stop::Error(
            "the start index must not be greater than the end index".into(),
        ));
    }
    let range = usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0);
    Ok(list(call.span, all[range].to_vec()))
}

/// `reverse(list)`.
pub(super) fn reverse(call: Call<'_>) -> Outcome {
    Ok(list(
        call.span,
        items(call.at(0))?.iter().rev().cloned().collect(),
    ))
}

/// `coalesce(values...)`: the first that is neither null nor an empty string (a string
/// with literal text and references is never empty).
/// Arguments mixing strings with numbers or bools convert to strings first, as Terraform
/// finds one type for all arguments.
pub(super) fn coalesce(call: Call<'_>) -> Outcome {
    for argument in &unified(&call.args)? {
        if let ValueKind::Template(parts) = &argument.kind {
            // Literal text makes the string non-empty whatever its other parts are.
            let literal = parts
                .iter()
                .any(|part| matches!(part, TextPart::Literal(text) if !text.is_empty()));
            if literal {
                return Ok(argument.clone());
            }
        }
        match &known(argument)?.kind {
            ValueKind::Null => {}
            ValueKind::Str(text) if text.is_empty() => {}
            _ => return Ok(argument.clone()),
        }
    }
    Err(Stop::Error(
        "no non-null, non-empty-string arguments".into(),
    ))
}

/// `coalescelist(lists...)`: the first list that is not empty.
pub(super) fn coalescelist(call: Call<'_>) -> Outcome {
    for argument in &call.args {
        if !items(argument)?.is_empty() {
            return Ok(argument.clone());
        }
    }
    Err(Stop::Error("no non-null arguments".into()))
}

/// `compact(list)`: the strings that are not empty (nulls removed too).
pub(super) fn compact(call: Call<'_>) -> Outcome {
    let mut kept = Vec::new();
    for item in items(call.at(0))? {
        match &known(item)?.kind {
            ValueKind::Null => {}
            ValueKind::Str(text) if text.is_empty() => {}
            _ => kept.push(string(item.span, text(item)?)),
        }
    }
    Ok(list(call.span, kept))
}

/// `contains(list, value)`: known once an item matches, or once every item is known.
pub(super) fn contains(call: Call<'_>) -> Outcome {
    let wanted = known_in_full(call.at(1))?;
    let mut undecided = None;
    for item in items(call.at(0))? {
        match known_in_full(item).and_then(|item| same(item, wanted)) {
            Ok(true) => return Ok(truth(call.span, true)),
            Ok(false) => {}
            Err(stop) => undecided = undecided.or(Some(stop)),
        }
    }
    match undecided {
        Some(stop) => Err(stop),
        None => Ok(truth(call.span, false)),
    }
}

/// `distinct(list)`: the first of each group of equal items, in order.
pub(super) fn distinct(call: Call<'_>) -> Outcome {
    let mut kept = Vec::new();
    let mut seen = Membership::default();
    for item in unified(items(call.at(0))?)? {
        if seen.insert(&item)? {
            kept.push(item);
        }
    }
    Ok(list(call.span, kept))
}

/// `chunklist(list, size)`: lists of `size` items (size 0: one list of everything).
pub(super) fn chunklist(call: Call<'_>) -> Outcome {
    let all = items(call.at(0))?;
    let size = whole(call.at(1))?;
    if size < 0 {
        return Err(Stop::Error("the size argument must be positive".into()));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    if all.is_empty() {
        return Ok(list(call.span, Vec::new()));
    }
    let chunks = all
        .chunks(if size == 0 { all.len() } else { size })
        .map(|chunk| list(call.span, chunk.to_vec()))
        .collect();
    Ok(list(call.span, chunks))
}

/// `one(list)`: null for no item, the item for one.
pub(super) fn one(call: Call<'_>) -> Outcome {
    match items(call.at(0))? {
        [] => Ok(Value::new(call.span, ValueKind::Null)),
        [item] => Ok(item.clone()),
        _ => Err(Stop::Error(
            "must be a list, set, or tuple value with either zero or one elements".into(),
        )),
    }
}

/// `sort(list)`: strings in lexical order (numbers and bools as strings).
pub(super) fn sort(call: Call<'_>) -> Outcome {
    let mut sorted = Vec::new();
    for item in items(call.at(0))? {
        if matches!(known(item)?.kind, ValueKind::Null) {
            return Err(Stop::Error("given list element must not be null".into()));
        }
        sorted.push(string(item.span, text(item)?));
    }
    sorted.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    Ok(list(call.span, sorted))
}

/// `sum(list)`.
pub(super) fn sum(call: Call<'_>) -> Outcome {
    let all = items(call.at(0))?;
    if all.is_empty() {
        return Err(Stop::Error("cannot sum an empty list".into()));
    }
    let mut total = 0.0;
    for item in all {
        total += number(item)?;
    }
    numbers::value(call.span, total)
}

/// The most numbers `range` makes; Terraform stops beyond it.
const MAX_RANGE: usize = 1024;

/// `range(end)`, `range(start, end)`, `range(start, end, step)`.
pub(super) fn range(call: Call<'_>) -> Outcome {
    let numbers: Vec<f64> = call.args.iter().map(number).collect::<Result<_, _>>()?;
    let (start, end, step) = match numbers.as_slice() {
        [end] => (0.0, *end, if *end < 0.0 { -1.0 } else { 1.0 }),
        [start, end] => (*start, *end, if end < start { -1.0 } else { 1.0 }),
        [start, end, step] => (*start, *end, *step),
        _ => return Err(Stop::Error("must have one, two, or three arguments".into())),
    };
    if step == 0.0 {
        return Err(Stop::Error("step must not be zero".into()));
    }
    let down = step < 0.0;
    if down && end > start {
        return Err(Stop::Error(
            "end must be less than start when step is negative".into(),
        ));
    }
    if !down && end < start {
        return Err(Stop::Error(
            "end must be greater than start when step is positive".into(),
        ));
    }
    let mut produced = Vec::new();
    let mut current = start;
    while if down { current > end } else { current < end } {
        if produced.len() >= MAX_RANGE {
            return Err(Stop::Error(format!(
                "more than {MAX_RANGE} values were generated; either decrease the difference between start and end or use a smaller step"
            )));
        }
        produced.push(Value::new(
            call.span,
            ValueKind::Number(number_text(current).into()),
        ));
        current += step;
    }
    Ok(list(call.span, produced))
}

/// `matchkeys(values, keys, searchset)`: the values whose key at the same position is in
/// the search set.
pub(super) fn matchkeys(call: Call<'_>) -> Outcome {
    let values = items(call.at(0))?;
    let keys = items(call.at(1))?;
    let searched = items(call.at(2))?;
    if values.len() != keys.len() {
        return Err(Stop::Error(
            "length of keys and values should be equal".into(),
        ));
    }
    let searched = Membership::of(searched)?;
    let mut kept = Vec::new();
    for (value, key) in values.iter().zip(keys) {
        if searched.contains(key)? {
            kept.push(value.clone());
        }
    }
    Ok(list(call.span, kept))
}

/// `alltrue(list)` (`all` true) and `anytrue(list)`: a known deciding item decides even
/// when other items are not known.
fn decided(call: &Call<'_>, all: bool) -> Outcome {
    let mut undecided = None;
    for item in items(call.at(0))? {
        match boolean(item) {
            Ok(value) if value != all => return Ok(truth(call.span, value)),
            Ok(_) => {}
            Err(Stop::Unknown(unknown)) => undecided = undecided.or(Some(unknown)),
            Err(stop) => return Err(stop),
        }
    }
    match undecided {
        Some(unknown) => Err(Stop::Unknown(unknown)),
        None => Ok(truth(call.span, all)),
    }
}

/// `alltrue(list)`.
pub(super) fn alltrue(call: Call<'_>) -> Outcome {
    decided(&call, true)
}

/// `anytrue(list)`.
pub(super) fn anytrue(call: Call<'_>) -> Outcome {
    decided(&call, false)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;
    use crate::source::Span;

    fn at(value: crate::load::Value, start: usize) -> crate::load::Value {
        crate::load::Value {
            span: Span::new(start, start + 1),
            ..value
        }
    }

    #[test]
    fn concat_and_flatten_keep_items_and_their_spans() {
        let role = at(reference("aws_iam_role.r", "arn"), 7);
        let result = run_at("concat", vec![list(vec![role.clone()]), strings(&["b"])]);
        assert_eq!(result.span, CALL);
        assert_eq!(result.as_list().unwrap()[0], role);
        assert_eq!(
            run(
                "flatten",
                vec![list(vec![
                    strings(&["a"]),
                    list(vec![strings(&["b"]), text_value("c")])
                ])]
            ),
            strings(&["a", "b", "c"])
        );
        assert_eq!(
            reason(&run("flatten", vec![list(vec![unknown("later")])])),
            "later"
        );
        assert!(error(&run("concat", vec![text_value("a")])).contains("list required, got string"));
        assert_eq!(reason(&run("concat", vec![unknown("later")])), "later");
    }

    #[test]
    fn element_and_index() {
        let letters = strings(&["a", "b", "c"]);
        assert_eq!(
            run("element", vec![letters.clone(), num("1")]),
            text_value("b")
        );
        assert_eq!(
            run("element", vec![letters.clone(), num("4")]),
            text_value("b")
        );
        assert!(error(&run("element", vec![letters.clone(), num("-1")])).contains("negative"));
        assert_eq!(
            error(&run("element", vec![strings(&[]), num("0")])),
            "`element`: cannot use element function with an empty list: Terraform stops the plan here"
        );
        assert_eq!(
            run("index", vec![letters.clone(), text_value("c")]),
            num("2")
        );
        assert!(error(&run("index", vec![letters, text_value("z")])).contains("not found"));
    }

    #[test]
    fn length_counts_items_keys_and_characters() {
        assert_eq!(
            run("length", vec![list(vec![unknown("x"), unknown("y")])]),
            num("2")
        );
        assert_eq!(run("length", vec![text_value("héllo👍🏽")]), num("6"));
        assert_eq!(run("length", vec![map(vec![("a", null())])]), num("1"));
        assert!(error(&run("length", vec![num("12")])).contains("required, got number"));
        assert!(
            reason(&run("length", vec![reference("aws_iam_role.r", "name")]))
                .contains("after apply")
        );
    }

    #[test]
    fn slice_reverse_chunklist_one() {
        let letters = strings(&["a", "b", "c", "d"]);
        assert_eq!(
            run("slice", vec![letters.clone(), num("1"), num("3")]),
            strings(&["b", "c"])
        );
        assert!(
            error(&run("slice", vec![letters.clone(), num("1"), num("5")])).contains("end index")
        );
        assert!(
            error(&run("slice", vec![letters.clone(), num("3"), num("1")])).contains("start index")
        );
        assert_eq!(
            run("reverse", vec![letters.clone()]),
            strings(&["d", "c", "b", "a"])
        );
        assert_eq!(
            run("chunklist", vec![letters.clone(), num("3")]),
            list(vec![strings(&["a", "b", "c"]), strings(&["d"])])
        );
        assert_eq!(
            run("chunklist", vec![letters.clone(), num("0")]),
            list(vec![letters.clone()])
        );
        assert_eq!(run("one", vec![strings(&[])]), null());
        assert_eq!(run("one", vec![strings(&["a"])]), text_value("a"));
        assert!(error(&run("one", vec![letters])).contains("zero or one"));
    }

    #[test]
    fn coalesce_stops_at_an_unknown_before_a_known_value() {
        assert_eq!(
            run("coalesce", vec![null(), text_value(""), text_value("b")]),
            text_value("b")
        );
        assert_eq!(
            run("coalesce", vec![unknown("later"), text_value("b")]),
            unknown("later")
        );
        let arn = template(vec![
            literal("arn:"),
            reference_part("aws_iam_role.r", "name"),
        ]);
        assert_eq!(
            run("coalesce", vec![null(), arn.clone(), text_value("b")]),
            arn
        );
        assert_eq!(
            run("coalesce", vec![null(), num("1"), text_value("x")]),
            text_value("1")
        );
        assert_eq!(
            run("coalesce", vec![text_value("a"), unknown("later")]),
            text_value("a")
        );
        assert!(error(&run("coalesce", vec![null()])).contains("no non-null"));
        assert_eq!(
            run("coalescelist", vec![strings(&[]), strings(&["x"])]),
            strings(&["x"])
        );
        assert!(error(&run("coalescelist", vec![strings(&[])])).contains("no non-null"));
    }

    #[test]
    fn compact_contains_distinct_sort() {
        assert_eq!(
            run(
                "compact",
                vec![list(vec![
                    text_value("a"),
                    text_value(""),
                    null(),
                    text_value("b")
                ])]
            ),
            strings(&["a", "b"])
        );
        assert!(reason(&run("compact", vec![list(vec![unknown("later")])])).contains("later"));
        let principals = list(vec![text_value("a"), reference("aws_iam_role.r", "arn")]);
        assert_eq!(
            run("contains", vec![principals.clone(), text_value("a")]),
            boolean(true)
        );
        assert!(
            reason(&run("contains", vec![principals, text_value("z")])).contains("after apply")
        );
        assert_eq!(
            run("contains", vec![list(vec![num("1")]), num("1.0")]),
            boolean(true)
        );
        assert_eq!(
            run("contains", vec![strings(&["1"]), num("1")]),
            boolean(true)
        );
        assert_eq!(
            run("distinct", vec![strings(&["b", "a", "b", "c", "a"])]),
            strings(&["b", "a", "c"])
        );
        assert_eq!(
            run("sort", vec![strings(&["e", "d", "a", "x"])]),
            strings(&["a", "d", "e", "x"])
        );
        assert_eq!(
            run("sort", vec![list(vec![num("10"), num("9")])]),
            strings(&["10", "9"])
        );
    }

    #[test]
    fn sum_adds_numbers() {
        assert_eq!(
            run(
                "sum",
                vec![list(vec![num("10"), num("2.5"), text_value("1")])]
            ),
            num("13.5")
        );
        assert!(error(&run("sum", vec![strings(&[])])).contains("empty list"));
    }

    #[test]
    fn range_follows_terraform_limits() {
        assert_eq!(
            run("range", vec![num("3")]),
            list(vec![num("0"), num("1"), num("2")])
        );
        assert_eq!(
            run("range", vec![num("1"), num("4")]),
            list(vec![num("1"), num("2"), num("3")])
        );
        assert_eq!(
            run("range", vec![num("4"), num("1")]),
            list(vec![num("4"), num("3"), num("2")])
        );
        assert_eq!(
            run("range", vec![num("0"), num("1"), num("0.25")]),
            list(vec![num("0"), num("0.25"), num("0.5"), num("0.75")])
        );
        assert_eq!(
            run("range", vec![num("-2")]),
            list(vec![num("0"), num("-1")])
        );
        assert!(
            error(&run("range", vec![num("0"), num("1"), num("0")]))
                .contains("step must not be zero")
        );
        assert!(
            error(&run("range", vec![num("0"), num("5"), num("-1")])).contains("end must be less")
        );
        assert_eq!(
            run("range", vec![num("1024")]).as_list().unwrap().len(),
            1024
        );
        assert!(error(&run("range", vec![num("1025")])).contains("more than 1024"));
    }

    #[test]
    fn matchkeys_and_truth() {
        assert_eq!(
            run(
                "matchkeys",
                vec![
                    strings(&["i-1", "i-2", "i-3"]),
                    strings(&["a", "b", "a"]),
                    strings(&["a"])
                ]
            ),
            strings(&["i-1", "i-3"])
        );
        assert!(
            error(&run(
                "matchkeys",
                vec![strings(&["a"]), strings(&[]), strings(&[])]
            ))
            .contains("should be equal")
        );
        assert_eq!(
            run(
                "alltrue",
                vec![list(vec![boolean(true), text_value("true")])]
            ),
            boolean(true)
        );
        assert_eq!(
            run("alltrue", vec![list(vec![unknown("x"), boolean(false)])]),
            boolean(false)
        );
        assert_eq!(
            reason(&run(
                "alltrue",
                vec![list(vec![unknown("x"), boolean(true)])]
            )),
            "x"
        );
        assert_eq!(run("alltrue", vec![list(vec![])]), boolean(true));
        assert_eq!(
            run("anytrue", vec![list(vec![unknown("x"), boolean(true)])]),
            boolean(true)
        );
        assert_eq!(run("anytrue", vec![list(vec![])]), boolean(false));
    }
}
