//! Vectors of exactly the length read, for the values a scan keeps until it ends.
//!
//! serde_json does not tell how many items or entries a JSON list or object holds, so a
//! vector pushed one at a time ends with up to half its room unused (and is moved each
//! time it grows). Here the items are pushed into a scratch vector kept for the thread and
//! then moved into a vector of their exact length: one allocation per list, no room to
//! spare. Nested lists take their own scratch vectors from the same pool.

use std::cell::RefCell;
use std::thread::LocalKey;

use crate::load::value::{Field, Value};

thread_local! {
    static FIELDS: RefCell<Vec<Vec<Field>>> = const { RefCell::new(Vec::new()) };
    static ITEMS: RefCell<Vec<Vec<Value>>> = const { RefCell::new(Vec::new()) };
}

/// The entries `fill` pushes, in a vector of their exact length.
pub(super) fn fields<E>(
    fill: impl FnOnce(&mut Vec<Field>) -> Result<(), E>,
) -> Result<Vec<Field>, E> {
    exact(&FIELDS, fill)
}

/// The items `fill` pushes, in a vector of their exact length.
pub(super) fn items<E>(
    fill: impl FnOnce(&mut Vec<Value>) -> Result<(), E>,
) -> Result<Vec<Value>, E> {
    exact(&ITEMS, fill)
}

/// What `fill` pushes into a scratch vector of `pool`, moved into a vector of its length.
fn exact<T: 'static, E>(
    pool: &'static LocalKey<RefCell<Vec<Vec<T>>>>,
    fill: impl FnOnce(&mut Vec<T>) -> Result<(), E>,
) -> Result<Vec<T>, E> {
    let mut scratch = pool
        .with(|pool| pool.borrow_mut().pop())
        .unwrap_or_default();
    let filled = fill(&mut scratch);
    let mut exact = Vec::with_capacity(scratch.len());
    exact.append(&mut scratch);
    pool.with(|pool| pool.borrow_mut().push(scratch));
    filled.map(|()| exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::value::ValueKind;
    use crate::source::Span;

    fn number(n: f64) -> Value {
        Value::new(Span::new(0, 0), ValueKind::Number(n.to_string().into()))
    }

    #[test]
    fn nested_lists_each_get_their_items_and_no_spare_room() {
        let outer: Result<Vec<Value>, ()> = items(|outer| {
            for n in 0..5 {
                let inner = items(|inner| {
                    inner.extend((0..n).map(|m| number(f64::from(m))));
                    Ok::<(), ()>(())
                })?;
                outer.push(Value::new(Span::new(0, 0), ValueKind::List(inner)));
            }
            Ok(())
        });
        let outer = outer.unwrap();
        assert_eq!(outer.len(), 5);
        assert_eq!(outer.capacity(), 5);
        for (n, value) in outer.iter().enumerate() {
            let ValueKind::List(inner) = &value.kind else {
                panic!("not a list: {value:?}");
            };
            assert_eq!((inner.len(), inner.capacity()), (n, n));
        }
    }

    #[test]
    fn a_failed_fill_gives_its_error_and_leaves_the_pool_empty_handed() {
        let failed: Result<Vec<Value>, &str> = items(|items| {
            items.push(number(1.0));
            Err("bad")
        });
        assert_eq!(failed.unwrap_err(), "bad");
        let next: Result<Vec<Value>, ()> = items(|_| Ok(()));
        assert!(
            next.unwrap().is_empty(),
            "no item of the failed list is left over"
        );
    }
}
