//! What one rule run evaluates once: lists that do not depend on the loop around them, and
//! those lists grouped by the graph node each item is (or names in a field).
//!
//! A rule such as `for role in roles when role in channels.role { let uses =
//! channels[this.role == role] ... }` asks, for every role, about the same list of
//! channels. Evaluated as written, a scan of N templates each with a role and a channel
//! costs N² comparisons. Here an expression whose names are all graph collections (none
//! bound by `let`, `for` or a quantifier, and `this` only inside its own filters) is
//! evaluated once per rule run and kept; when such a list is asked whether it holds a node
//! (`x in list`) or filtered by a node (`list[this.f == x]`), only the items that can be
//! that node are read. An item can equal a node only when it is that node or is not known
//! (unknown, or one of several values): every other item answers a certain no, so leaving
//! it out changes nothing, and the items read are read in order, as written.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::context::Context;
use super::eval::Env;
use super::value::{Member, Obj, Val};
use crate::graph::{NodeId, merged_positions};
use crate::lang::ast::{Expr, ExprKind};

/// The names an expression reads from its environment; `None` when it reads `this` of an
/// enclosing filter or binds names of its own (a quantifier), which make it depend on more
/// than the graph.
type FreeNames<'g> = Option<Arc<[&'g str]>>;

/// A list (its address while the run keeps it) and the field its items are grouped by.
type GroupingKey<'g> = (usize, Option<&'g str>);

/// The positions of a list's items by the node each is (or names in a field).
#[derive(Debug, Default)]
pub struct NodeGrouping {
    by_node: HashMap<NodeId, Vec<u32>>,
    /// Items that are not known (unknown, or one of several values): they may be any node.
    undecided: Vec<u32>,
}

impl NodeGrouping {
    /// The grouping of `members` by `key` of each.
    fn of<'g>(members: &[Member<'g>], key: impl Fn(&Val<'g>) -> Val<'g>) -> NodeGrouping {
        let mut grouping = NodeGrouping::default();
        for (position, member) in (0u32..).zip(members) {
            match key(&member.value) {
                Val::Obj(Obj::Node(node)) => {
                    grouping.by_node.entry(node.id).or_default().push(position)
                }
                Val::Unknown(_) | Val::OneOf(_) => grouping.undecided.push(position),
                _ => {}
            }
        }
        grouping
    }

    /// The positions, ascending, of the items that can be `node`.
    pub fn candidates(&self, node: NodeId) -> impl Iterator<Item = usize> + '_ {
        let exact = self.by_node.get(&node).map_or(&[][..], Vec::as_slice);
        merged_positions(exact, &self.undecided).map(|position| position as usize)
    }
}

/// The memory of one rule run. Shared by the threads that run the items of a loop.
#[derive(Default)]
pub struct Memo<'g> {
    free: Mutex<HashMap<usize, FreeNames<'g>>>,
    values: Mutex<HashMap<usize, Val<'g>>>,
    groupings: Mutex<HashMap<GroupingKey<'g>, Arc<NodeGrouping>>>,
}

impl<'g> Memo<'g> {
    /// The value of `expr` when it is invariant in `env` and was evaluated before in this
    /// run, or `evaluate`'s, kept when invariant. The flag says whether it is invariant
    /// (a list's grouping may then be kept too).
    pub fn invariant(
        &self,
        expr: &'g Expr,
        env: &mut Env<'g>,
        evaluate: impl FnOnce(&mut Env<'g>) -> Val<'g>,
    ) -> (Val<'g>, bool) {
        let free = {
            let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
            free.entry(address(expr))
                .or_insert_with(|| free_names(expr, 0).map(Arc::from))
                .clone()
        };
        let invariant = free
            .is_some_and(|names| !names.is_empty() && names.iter().all(|name| !env.binds(name)));
        if !invariant {
            return (evaluate(env), false);
        }
        let known = self
            .values
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&address(expr))
            .cloned();
        let value = known.unwrap_or_else(|| {
            let value = evaluate(env);
            self.values
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(address(expr))
                .or_insert(value)
                .clone()
        });
        (value, true)
    }

    /// The grouping of the invariant list `members` by each item (`field` `None`) or by
    /// its field `field`, built on first use.
    pub fn grouping(
        &self,
        context: &Context<'g>,
        members: &Arc<Vec<Member<'g>>>,
        field: Option<&'g str>,
    ) -> Arc<NodeGrouping> {
        let key = (Arc::as_ptr(members) as usize, field);
        if let Some(known) = self
            .groupings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return known.clone();
        }
        let grouping = Arc::new(match field {
            None => NodeGrouping::of(members, Val::clone),
            Some(field) => NodeGrouping::of(members, |value| context.field(value, field)),
        });
        self.groupings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(grouping)
            .clone()
    }
}

fn address(expr: &Expr) -> usize {
    std::ptr::from_ref(expr) as usize
}

/// The names `expr` reads, `filters` being how many filters around it (inside `expr`)
/// bind `this`.
pub fn free_names(expr: &Expr, filters: usize) -> Option<Vec<&str>> {
    match &expr.kind {
        ExprKind::Ident(name) => Some(vec![name.as_str()]),
        ExprKind::This => (filters > 0).then(Vec::new),
        ExprKind::Quantified { .. } => None,
        ExprKind::Filter { base, predicate } => {
            let mut names = free_names(base, filters)?;
            names.extend(free_names(predicate, filters + 1)?);
            Some(names)
        }
        _ => expr
            .children()
            .into_iter()
            .try_fold(Vec::new(), |mut names, child| {
                names.extend(free_names(child, filters)?);
                Some(names)
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::ast::{CompareOp, Name, Quantifier};
    use crate::source::Span;

    fn expr(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::default(),
        }
    }

    fn name(text: &str) -> Name {
        Name {
            text: text.to_owned(),
            span: Span::default(),
        }
    }

    fn field(base: Expr, text: &str) -> Expr {
        expr(ExprKind::Field {
            base: Box::new(base),
            field: name(text),
        })
    }

    #[test]
    fn free_names_are_the_names_read_and_this_only_inside_its_own_filter() {
        let channels_role = field(expr(ExprKind::Ident("channels".into())), "role");
        assert_eq!(free_names(&channels_role, 0), Some(vec!["channels"]));
        let this_role = field(expr(ExprKind::This), "role");
        assert_eq!(
            free_names(&this_role, 0),
            None,
            "`this` of a filter around it"
        );
        let filtered = expr(ExprKind::Filter {
            base: Box::new(expr(ExprKind::Ident("channels".into()))),
            predicate: Box::new(expr(ExprKind::Compare {
                op: CompareOp::Eq,
                left: Box::new(this_role),
                right: Box::new(expr(ExprKind::Ident("role".into()))),
            })),
        });
        assert_eq!(free_names(&filtered, 0), Some(vec!["channels", "role"]));
        let quantified = expr(ExprKind::Quantified {
            quantifier: Quantifier::Some,
            name: name("x"),
            list: Box::new(expr(ExprKind::Ident("roles".into()))),
            predicate: Box::new(expr(ExprKind::Bool(true))),
        });
        assert_eq!(free_names(&quantified, 0), None);
    }

    #[test]
    fn candidates_are_the_node_and_the_undecided_items_in_order() {
        let mut grouping = NodeGrouping::default();
        grouping.by_node.insert(NodeId(7), vec![1, 4]);
        grouping.by_node.insert(NodeId(8), vec![2]);
        grouping.undecided = vec![0, 3, 5];
        assert_eq!(
            grouping.candidates(NodeId(7)).collect::<Vec<_>>(),
            [0, 1, 3, 4, 5]
        );
        assert_eq!(
            grouping.candidates(NodeId(9)).collect::<Vec<_>>(),
            [0, 3, 5]
        );
    }
}
