//! Sets: `toset`, `setunion`, `setintersection`, `setsubtract`, `setproduct`.
//!
//! A Terraform set has no order of its own; Terraform iterates sets of strings in lexical
//! order, of numbers in numeric order, and of bools `false` first, so the set a function
//! gives here is a list in that order, without duplicates. Sets of collections keep the
//! order of first occurrence. Building a set compares items, so every item must be
//! known.

use std::cmp::Ordering;
use std::collections::HashSet;

use super::convert::unified;
use super::numbers::parse;
use super::{Call, Outcome, Stop, check_items, items, known, known_in_full, list, same, text};
use crate::load::{Value, ValueKind};

/// `items` as a Terraform set: converted to one type, unique, in Terraform's order.
fn set_of(items: &[Value]) -> Result<Vec<Value>, Stop> {
    for item in items {
        known_in_full(item)?;
        if matches!(item.kind, ValueKind::Null) {
            return Err(Stop::Error("a set cannot hold null values".into()));
        }
    }
    let mut unique = Vec::with_capacity(items.len());
    let mut seen = Membership::default();
    for item in unified(items)? {
        if seen.insert(&item)? {
            unique.push(item);
        }
    }
    unique.sort_by(order);
    Ok(unique)
}

/// Terraform's order of set items of one primitive type; collections stay as they are.
fn order(left: &Value, right: &Value) -> Ordering {
    match (&left.kind, &right.kind) {
        (ValueKind::Str(a), ValueKind::Str(b)) => a.cmp(b),
        (ValueKind::Bool(a), ValueKind::Bool(b)) => a.cmp(b),
        (ValueKind::Number(a), ValueKind::Number(b)) => {
            let (a, b) = (parse(a).unwrap_or(0.0), parse(b).unwrap_or(0.0));
            a.total_cmp(&b)
        }
        _ => Ordering::Equal,
    }
}

/// `toset(list)`.
pub(super) fn toset(call: Call<'_>) -> Outcome {
    let value = call.at(0);
    if let Some(symbolic) = symbolic_strings(value, call.span) {
        return Ok(symbolic);
    }
    match &known(value)?.kind {
        ValueKind::Null => Ok(Value::new(call.span, ValueKind::Null)),
        ValueKind::List(items) => Ok(list(call.span, set_of(items)?)),
        _ => Err(Stop::Error(format!(
            "cannot convert {} to set",
            super::type_name(value)
        ))),
    }
}

/// A set of strings some of which are known only by planning
/// ([`super::plan_known_text`]): sorted and made unique by their text as written.
fn symbolic_strings(value: &Value, span: crate::source::Span) -> Option<Value> {
    let ValueKind::List(items) = &value.kind else {
        return None;
    };
    if !items
        .iter()
        .any(|item| !matches!(item.kind, ValueKind::Str(_)))
    {
        return None;
    }
    let mut keyed: Vec<(String, &Value)> = items
        .iter()
        .map(|item| Some((super::plan_known_text(item)?, item)))
        .collect::<Option<_>>()?;
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    Some(list(
        span,
        keyed.into_iter().map(|(_, item)| item.clone()).collect(),
    ))
}

/// The sets given to a set function.
fn sets<'c>(call: &'c Call<'_>) -> Result<Vec<&'c [Value]>, Stop> {
    call.args.iter().map(items).collect()
}

/// `setunion(sets...)`.
pub(super) fn setunion(call: Call<'_>) -> Outcome {
    let all: Vec<Value> = sets(&call)?.into_iter().flatten().cloned().collect();
    check_items(all.len())?;
    Ok(list(call.span, set_of(&all)?))
}

/// `setintersection(sets...)`.
pub(super) fn setintersection(call: Call<'_>) -> Outcome {
    let sets = sets(&call)?;
    let mut kept = Vec::new();
    let Some((first, others)) = sets.split_first() else {
        return Ok(list(call.span, kept));
    };
    let others = others
        .iter()
        .map(|other| Membership::of(other))
        .collect::<Result<Vec<_>, _>>()?;
    for item in set_of(first)? {
        let mut everywhere = true;
        for other in &others {
            if !other.contains(&item)? {
                everywhere = false;
                break;
            }
        }
        if everywhere {
            kept.push(item);
        }
    }
    Ok(list(call.span, kept))
}

/// `setsubtract(a, b)`.
pub(super) fn setsubtract(call: Call<'_>) -> Outcome {
    let sets = sets(&call)?;
    let (Some(from), Some(removed)) = (sets.first(), sets.get(1)) else {
        return Ok(list(call.span, Vec::new()));
    };
    let removed = Membership::of(removed)?;
    let mut kept = Vec::new();
    for item in set_of(from)? {
        if !removed.contains(&item)? {
            kept.push(item);
        }
    }
    Ok(list(call.span, kept))
}

/// Items seen so far, compared as [`same`] compares them: known primitives by their
/// text in a hash set (so that large sets stay linear), other items one by one.
#[derive(Default)]
pub(super) struct Membership {
    primitives: HashSet<String>,
    others: Vec<Value>,
}

impl Membership {
    /// The items of `items`, every one known in full.
    pub(super) fn of(items: &[Value]) -> Result<Membership, Stop> {
        let mut membership = Membership::default();
        for item in items {
            membership.insert(item)?;
        }
        Ok(membership)
    }

    /// The text by which a primitive is compared ([`same`] compares strings, numbers and
    /// bools by their string form); `None` for other values.
    fn key(value: &Value) -> Result<Option<String>, Stop> {
        match known_in_full(value)?.kind {
            ValueKind::Str(_) | ValueKind::Number(_) | ValueKind::Bool(_) => {
                Ok(Some(text(value)?.into_owned()))
            }
            _ => Ok(None),
        }
    }

    /// Adds `value`; whether it was not there yet.
    pub(super) fn insert(&mut self, value: &Value) -> Result<bool, Stop> {
        if self.contains(value)? {
            return Ok(false);
        }
        match Membership::key(value)? {
            Some(key) => {
                self.primitives.insert(key);
            }
            None => self.others.push(value.clone()),
        }
        Ok(true)
    }

    /// Whether an item equal to `value` is there.
    pub(super) fn contains(&self, value: &Value) -> Result<bool, Stop> {
        if let Some(key) = Membership::key(value)? {
            return Ok(self.primitives.contains(&key));
        }
        for other in &self.others {
            if same(other, value)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// `setproduct(sets...)`: every combination, as lists, in the order of the arguments;
/// items keep their own spans (and may be unknown).
pub(super) fn setproduct(call: Call<'_>) -> Outcome {
    let sets = sets(&call)?;
    let count = sets
        .iter()
        .try_fold(1usize, |count, set| count.checked_mul(set.len()))
        .unwrap_or(usize::MAX);
    check_items(count)?;
    let mut combinations: Vec<Vec<Value>> = vec![Vec::new()];
    for set in &sets {
        combinations = combinations
            .iter()
            .flat_map(|prefix| {
                set.iter().map(move |item| {
                    let mut combined = prefix.clone();
                    combined.push(item.clone());
                    combined
                })
            })
            .collect();
    }
    let products = combinations
        .into_iter()
        .map(|items| list(call.span, items))
        .collect();
    Ok(list(call.span, products))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use crate::load::terraform_source::functions::testing::*;

    #[test]
    fn toset_sorts_and_removes_duplicates() {
        assert_eq!(
            run("toset", vec![strings(&["c", "a", "b", "a"])]),
            strings(&["a", "b", "c"])
        );
        assert_eq!(
            run("toset", vec![list(vec![num("10"), num("9"), num("9.0")])]),
            list(vec![num("9"), num("10")])
        );
        assert_eq!(
            run("toset", vec![list(vec![text_value("b"), num("1")])]),
            strings(&["1", "b"])
        );
        assert_eq!(
            reason(&run(
                "toset",
                vec![list(vec![reference("aws_iam_role.r", "arn")])]
            )),
            "computed from `aws_iam_role.r.arn`, known only after apply"
        );
        assert!(error(&run("toset", vec![list(vec![null()])])).contains("null"));
    }

    #[test]
    fn large_sets_stay_linear() {
        // Quadratic comparison would take billions of steps here.
        let names: Vec<String> = (0..30_000).map(|n| format!("role-{n}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let many = strings(&names);
        let set = run("toset", vec![many.clone()]);
        assert_eq!(set.as_list().unwrap().len(), 30_000);
        let none = run("setsubtract", vec![many.clone(), many.clone()]);
        assert_eq!(none, list(vec![]));
        let distinct = run("distinct", vec![run("concat", vec![many.clone(), many])]);
        assert_eq!(distinct.as_list().unwrap().len(), 30_000);
    }

    #[test]
    fn set_operations() {
        assert_eq!(
            run("setunion", vec![strings(&["b", "a"]), strings(&["c", "a"])]),
            strings(&["a", "b", "c"])
        );
        assert_eq!(
            run(
                "setintersection",
                vec![
                    strings(&["a", "b", "c"]),
                    strings(&["b", "c", "d"]),
                    strings(&["c", "b"])
                ]
            ),
            strings(&["b", "c"])
        );
        assert_eq!(
            run(
                "setsubtract",
                vec![strings(&["a", "b", "c"]), strings(&["a", "c"])]
            ),
            strings(&["b"])
        );
        assert!(error(&run("setunion", vec![text_value("a")])).contains("list required"));
    }

    #[test]
    fn setproduct_combines_in_argument_order() {
        assert_eq!(
            run(
                "setproduct",
                vec![strings(&["app1", "app2"]), strings(&["dev", "prod"])]
            ),
            list(vec![
                strings(&["app1", "dev"]),
                strings(&["app1", "prod"]),
                strings(&["app2", "dev"]),
                strings(&["app2", "prod"]),
            ])
        );
        assert_eq!(
            run("setproduct", vec![strings(&["a"]), strings(&[])]),
            list(vec![])
        );
        assert!(error(&run("setproduct", vec![strings(&["a"])])).contains("at least 2 arguments"));
        let huge = strings(&["0"; 300]);
        assert!(reason(&run("setproduct", vec![huge.clone(), huge])).contains("more than"));
    }
}
