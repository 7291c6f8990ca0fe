//! Evaluating expressions: names, fields, filters, quantifiers, operators and calls over
//! run-time values, in an environment of `let` and `for` bindings.

use std::sync::Arc;

use super::compare::{contains, contains_at, empty, equals, exists, known, matches, order, truth};
use super::context::Context;
use super::memo::{Memo, free_names};
use super::ruleset::Rule;
use super::value::{Member, Obj, Val};
use crate::iam::Answer;
use crate::lang::ast::{CompareOp, Expr, ExprKind, IsTest, LogicalOp, PrefixTest, Quantifier};

/// The names in force: `let` and `for` bindings, innermost last, and the items filters
/// are testing (`this`).
#[derive(Clone, Default)]
pub struct Env<'g> {
    names: Vec<(&'g str, Bound<'g>)>,
    this: Vec<Val<'g>>,
}

/// What a name is bound to: a value, or a `let` expression not evaluated yet.
#[derive(Clone)]
enum Bound<'g> {
    Value(Val<'g>),
    /// Evaluated on first use, among the bindings made before it (see [`Env::defer`]).
    Deferred(&'g Expr),
}

impl<'g> Env<'g> {
    /// Binds `name` (hiding an outer binding of the same name).
    pub fn bind(&mut self, name: &'g str, value: Val<'g>) {
        self.names.push((name, Bound::Value(value)));
    }

    /// Binds `name` to the value of `expr`, evaluated when the name is first read, among
    /// the bindings in force now: a `let` whose value only a finding's message or location
    /// reads costs nothing where the requirement holds. Expressions have no effects, so
    /// when they are evaluated changes no answer.
    pub fn defer(&mut self, name: &'g str, expr: &'g Expr) {
        self.names.push((name, Bound::Deferred(expr)));
    }

    /// How many bindings there are, to drop the later ones with [`Env::truncate`].
    pub fn depth(&self) -> usize {
        self.names.len()
    }

    /// Drops the bindings made after `depth`.
    pub fn truncate(&mut self, depth: usize) {
        self.names.truncate(depth);
    }

    /// Whether `name` is bound (by `let`, `for` or a quantifier).
    pub fn binds(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Where the innermost binding of `name` is.
    fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().rposition(|(bound, _)| *bound == name)
    }
}

/// Evaluates the expressions of one rule over one scan.
pub struct Evaluator<'g> {
    /// The scan.
    pub context: &'g Context<'g>,
    /// The rule (for its compiled regular expressions).
    pub rule: &'g Rule,
    /// The lists this run evaluates once.
    pub memo: Memo<'g>,
}

impl<'g> Evaluator<'g> {
    /// The value of the binding at `at`, evaluating a deferred `let` (among the bindings
    /// made before it, outside any filter) and keeping its value.
    fn bound(&self, at: usize, env: &mut Env<'g>) -> Val<'g> {
        let expr = match &env.names[at].1 {
            Bound::Value(value) => return value.clone(),
            Bound::Deferred(expr) => *expr,
        };
        let mut later = env.names.split_off(at);
        let this = std::mem::take(&mut env.this);
        let value = self.eval(expr, env);
        env.this = this;
        later[0].1 = Bound::Value(value.clone());
        env.names.append(&mut later);
        value
    }

    /// The value of `expr` in `env`.
    pub fn eval(&self, expr: &'g Expr, env: &mut Env<'g>) -> Val<'g> {
        match &expr.kind {
            ExprKind::String(text) | ExprKind::TextBlock(text) => Val::text(text),
            ExprKind::Number(number) => Val::Number(number.as_f64()),
            ExprKind::Regex(_) => self.rule.regex(expr.span).map_or(Val::Absent, Val::Regex),
            ExprKind::Bool(flag) => Val::flag(*flag),
            ExprKind::Null => Val::Null,
            ExprKind::Ident(name) => match env.position(name) {
                Some(at) => self.bound(at, env),
                None => self.context.collection(name).unwrap_or(Val::Absent),
            },
            ExprKind::This => env.this.last().cloned().unwrap_or(Val::Absent),
            ExprKind::Call { function, args } => {
                let args: Vec<Val<'g>> = args.iter().map(|arg| self.eval(arg, env)).collect();
                self.context.call(&function.text, &args)
            }
            ExprKind::List(items) => {
                let items: Vec<Val<'g>> = items.iter().map(|item| self.eval(item, env)).collect();
                Val::list(items)
            }
            ExprKind::Field { base, field } => {
                let base = self.eval(base, env);
                self.context.field(&base, &field.text)
            }
            ExprKind::Every(base) => every(self.eval(base, env)),
            ExprKind::Index { base, index } => index_of(self.eval(base, env), *index),
            ExprKind::Filter { base, predicate } => {
                let (base, invariant) = self.memo.invariant(base, env, |env| self.eval(base, env));
                if invariant && let Some(filtered) = self.filter_by_node(&base, predicate, env) {
                    return filtered;
                }
                self.filter(base, predicate, env)
            }
            ExprKind::Not(operand) => Val::Bool(!truth(&self.eval(operand, env))),
            ExprKind::Logical { op, left, right } => {
                let left = truth(&self.eval(left, env));
                // Short cuts only where the answer cannot change: a certain no for `and`,
                // a certain yes for `or`.
                let answer = match op {
                    LogicalOp::And if left.may.is_no() => left,
                    LogicalOp::Or if left.must.is_yes() => left,
                    LogicalOp::And => left.and(truth(&self.eval(right, env))),
                    LogicalOp::Or => left.or(truth(&self.eval(right, env))),
                };
                Val::Bool(answer)
            }
            ExprKind::Compare {
                op: op @ (CompareOp::In | CompareOp::NotIn),
                left,
                right,
            } => {
                let left = self.eval(left, env);
                let (right, invariant) =
                    self.memo.invariant(right, env, |env| self.eval(right, env));
                let found = match (&left, &right) {
                    (Val::Obj(Obj::Node(node)), Val::List(members)) if invariant => {
                        let grouping = self.memo.grouping(self.context, members, None);
                        contains_at(members, grouping.candidates(node.id), &left)
                    }
                    _ => contains(&right, &left),
                };
                Val::Bool(if *op == CompareOp::In { found } else { !found })
            }
            ExprKind::Compare { op, left, right } => {
                let left = self.eval(left, env);
                let right = self.eval(right, env);
                Val::Bool(compare(*op, &left, &right))
            }
            ExprKind::Prefix { test, operand } => {
                let value = self.eval(operand, env);
                Val::Bool(match test {
                    PrefixTest::Exists => exists(&value),
                    PrefixTest::Empty => empty(&value),
                })
            }
            ExprKind::Is { operand, test } => {
                let value = self.eval(operand, env);
                Val::Bool(match test {
                    IsTest::Known => known(&value),
                    IsTest::Unknown => !known(&value),
                    IsTest::Empty => empty(&value),
                })
            }
            ExprKind::Quantified {
                quantifier,
                name,
                list,
                predicate,
            } => {
                let list = self.eval(list, env);
                Val::Bool(self.quantified(*quantifier, &name.text, &list, predicate, env))
            }
        }
    }

    /// `base[this.f == x]` (or `x == this.f`) of an invariant list, when `x` is a node:
    /// the predicate is asked only of the items whose `f` can be that node. `None` when the
    /// filter is not of that form.
    fn filter_by_node(
        &self,
        base: &Val<'g>,
        predicate: &'g Expr,
        env: &mut Env<'g>,
    ) -> Option<Val<'g>> {
        let Val::List(members) = base else {
            return None;
        };
        let ExprKind::Compare {
            op: CompareOp::Eq,
            left,
            right,
        } = &predicate.kind
        else {
            return None;
        };
        let (field, other) = match (this_field(left), this_field(right)) {
            (Some(field), None) => (field, right),
            (None, Some(field)) => (field, left),
            _ => return None,
        };
        // `x` must not read `this`: then it is the same for every item.
        free_names(other, 0)?;
        let Val::Obj(Obj::Node(node)) = self.eval(other, env) else {
            return None;
        };
        let grouping = self.memo.grouping(self.context, members, Some(field));
        let kept = grouping
            .candidates(node.id)
            .filter_map(|position| self.kept(&members[position], predicate, env))
            .collect();
        Some(Val::List(Arc::new(kept)))
    }

    /// `base[predicate]`: each item held as before and as the predicate answers.
    fn filter(&self, base: Val<'g>, predicate: &'g Expr, env: &mut Env<'g>) -> Val<'g> {
        match base {
            Val::List(members) => Val::List(Arc::new(
                members
                    .iter()
                    .filter_map(|member| self.kept(member, predicate, env))
                    .collect(),
            )),
            Val::OneOf(branches) => Val::OneOf(Arc::new(
                branches
                    .iter()
                    .map(|branch| self.filter(branch.clone(), predicate, env))
                    .collect(),
            )),
            other => other,
        }
    }

    /// `member` as a filter keeps it: held as before and as the predicate answers, `None`
    /// when it is certainly dropped.
    fn kept(
        &self,
        member: &Member<'g>,
        predicate: &'g Expr,
        env: &mut Env<'g>,
    ) -> Option<Member<'g>> {
        env.this.push(member.value.clone());
        let answer = truth(&self.eval(predicate, env));
        env.this.pop();
        let held = member.held.clone().and(answer);
        (!held.is_never()).then(|| Member {
            value: member.value.clone(),
            held,
        })
    }

    fn quantified(
        &self,
        quantifier: Quantifier,
        name: &'g str,
        list: &Val<'g>,
        predicate: &'g Expr,
        env: &mut Env<'g>,
    ) -> Answer {
        let members = match list {
            Val::List(members) => members.clone(),
            Val::Unknown(unknown) => return Answer::unknown(unknown.reason.clone()),
            Val::OneOf(branches) => {
                let answers: Vec<Answer> = branches
                    .iter()
                    .map(|branch| self.quantified(quantifier, name, branch, predicate, env))
                    .collect();
                return answers
                    .into_iter()
                    .reduce(Answer::branch)
                    .unwrap_or(Answer::NO);
            }
            _ => Arc::new(Vec::new()),
        };
        let depth = env.depth();
        let mut result = match quantifier {
            Quantifier::Some => Answer::NO,
            Quantifier::All => Answer::YES,
        };
        for member in members.iter() {
            env.bind(name, member.value.clone());
            let answer = truth(&self.eval(predicate, env));
            env.truncate(depth);
            result = match quantifier {
                Quantifier::Some => result.or(member.held.clone().and(answer)),
                Quantifier::All => result.and((!member.held.clone()).or(answer)),
            };
            // A certain yes for `some`, a certain no for `all`, is final.
            let decided = match quantifier {
                Quantifier::Some => result.is_certain(),
                Quantifier::All => result.is_never(),
            };
            if decided {
                break;
            }
        }
        result
    }
}

/// The field `f` of `this.f`.
fn this_field(expr: &Expr) -> Option<&str> {
    match &expr.kind {
        ExprKind::Field { base, field } if matches!(base.kind, ExprKind::This) => Some(&field.text),
        _ => None,
    }
}

/// `left OP right`.
fn compare(op: CompareOp, left: &Val<'_>, right: &Val<'_>) -> Answer {
    match op {
        CompareOp::Eq => equals(left, right),
        CompareOp::Ne => !equals(left, right),
        CompareOp::Lt => order(left, right, |a, b| a < b),
        CompareOp::Le => order(left, right, |a, b| a <= b),
        CompareOp::Gt => order(left, right, |a, b| a > b),
        CompareOp::Ge => order(left, right, |a, b| a >= b),
        CompareOp::In => contains(right, left),
        CompareOp::NotIn => !contains(right, left),
        CompareOp::Matches => matches(left, right),
    }
}

/// `base[*]`: the items, lists among them flattened one level.
fn every(base: Val<'_>) -> Val<'_> {
    match base {
        Val::List(members) => {
            let mut out = Vec::with_capacity(members.len());
            for member in members.iter() {
                match &member.value {
                    Val::List(inner) => out.extend(inner.iter().map(|item| Member {
                        value: item.value.clone(),
                        held: member.held.clone().and(item.held.clone()),
                    })),
                    _ => out.push(member.clone()),
                }
            }
            Val::members(out)
        }
        other => other,
    }
}

/// `base[n]`: the nth item the list may hold; absent when out of range.
fn index_of(base: Val<'_>, index: u64) -> Val<'_> {
    match base {
        Val::List(members) => usize::try_from(index)
            .ok()
            .and_then(|index| members.get(index))
            .map_or(Val::Absent, |member| member.value.clone()),
        Val::OneOf(branches) => Val::OneOf(Arc::new(
            branches
                .iter()
                .map(|branch| index_of(branch.clone(), index))
                .collect(),
        )),
        Val::Unknown(unknown) => Val::Unknown(unknown),
        _ => Val::Absent,
    }
}
