//! The rule checker: resolves every name, field and call of a parsed rule against the
//! [`schema`](super::schema) and checks the types of every expression, so that a rule
//! that would fail when run is rejected when rules load, at the text that is wrong.
//!
//! Checking never stops at the first mistake: an expression with an error gets the type
//! `any`, which is accepted everywhere, so one mistake is reported once and the rest of
//! the rule is still checked.

mod expr;
mod scope;
mod suggest;

/// The closest known spelling of a mistyped name (also used for AWS managed policy keys).
pub(crate) use suggest::closest;

use std::collections::BTreeMap;

use super::ast::{Item, RuleFile};
use super::schema::Type;
use crate::problem::Problem;
use crate::source::{FileId, Span};
use scope::Scopes;

/// Problem code of check errors (unknown names, fields and functions, type mismatches,
/// duplicate rule IDs).
pub const RULE_CHECK: &str = "rule-check";

/// Checks one parsed rule file: names, fields, calls, operand types, regex literals.
pub fn check(file: &RuleFile, id: FileId) -> Vec<Problem> {
    let mut checker = Checker {
        file: id,
        problems: Vec::new(),
        scopes: Scopes::default(),
        this: Vec::new(),
    };
    checker.block(&file.items, Vec::new());
    checker.problems
}

/// Checks a set of rule files together: a rule ID may be defined only once.
pub fn check_rule_set<'a>(files: impl IntoIterator<Item = (&'a RuleFile, FileId)>) -> Vec<Problem> {
    let mut first: BTreeMap<&str, (FileId, Span)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (file, id) in files {
        let rule_id = &file.header.id;
        match first.get(rule_id.text.as_str()) {
            Some(&(first_file, first_span)) => {
                let problem = Problem::error(
                    RULE_CHECK,
                    id,
                    rule_id.span,
                    format!("rule ID `{}` is defined twice", rule_id.text),
                );
                problems.push(if first_file == id {
                    problem.with_related(first_span, "first defined here")
                } else {
                    problem.with_related_in(first_file, first_span, "first defined here")
                });
            }
            None => {
                first.insert(&rule_id.text, (id, rule_id.span));
            }
        }
    }
    problems
}

/// The state of checking one file.
struct Checker {
    file: FileId,
    problems: Vec<Problem>,
    scopes: Scopes,
    /// The item type of each enclosing filter, innermost last: what `this` is.
    this: Vec<Type>,
}

impl Checker {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.problems
            .push(Problem::error(RULE_CHECK, self.file, span, message));
    }

    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Checks the items of a block in a new scope that starts with `bindings` (a `for`
    /// loop's variable).
    fn block(&mut self, items: &[Item], bindings: Vec<(super::ast::Name, Type)>) {
        let lets = items
            .iter()
            .filter_map(|item| match item {
                Item::Let(binding) => Some(binding.name.clone()),
                _ => None,
            })
            .collect();
        self.scopes.open(lets);
        for (name, ty) in bindings {
            self.bind(&name, ty);
        }
        for item in items {
            self.item(item);
        }
        self.scopes.close();
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Let(binding) => {
                let ty = self.expr(&binding.value);
                self.scopes.reached(&binding.name);
                self.bind(&binding.name, ty);
            }
            Item::For(block) => {
                let list = self.expr(&block.list);
                let item = self.list_item(&list, block.list.span, "`for` needs a list");
                // The guard sees the variable; the block binds it (with the usual checks)
                // in the same scope as its own `let`s.
                if let Some(when) = &block.when {
                    self.scopes.open(Vec::new());
                    self.scopes.bind(&block.name, item.clone());
                    let ty = self.expr(when);
                    self.scopes.close();
                    self.expect_bool(&ty, when.span, "`when` needs a bool");
                }
                self.block(&block.items, vec![(block.name.clone(), item)]);
            }
            Item::Require(require) => {
                let ty = self.expr(&require.condition);
                self.expect_bool(&ty, require.condition.span, "`require` needs a bool");
                if let Some(at) = &require.at {
                    let ty = self.expr(at);
                    if !matches!(ty, Type::Node(_) | Type::Text | Type::Any) {
                        self.error(
                            at.span,
                            format!(
                                "`at` needs one graph value or text with a position (a role, a statement, an attachment, a property, ...), found {ty}"
                            ),
                        );
                    }
                }
                for part in &require.message.parts {
                    if let super::ast::MessagePart::Expr(expr) = part {
                        self.expr(expr);
                    }
                }
            }
        }
    }

    /// Binds a name in the innermost scope, reporting a second binding in the same
    /// scope and a binding that would hide a top-level collection.
    fn bind(&mut self, name: &super::ast::Name, ty: Type) {
        if super::schema::collection(&name.text).is_some() {
            self.error(
                name.span,
                format!(
                    "`{}` is a top-level collection of the graph: choose another name",
                    name.text
                ),
            );
            return;
        }
        if let Some(first) = self.scopes.bound_here(&name.text) {
            let problem = Problem::error(
                RULE_CHECK,
                self.file,
                name.span,
                format!("`{}` is already bound in this block", name.text),
            )
            .with_related(first, "first bound here");
            self.push(problem);
            return;
        }
        self.scopes.bind(name, ty);
    }

    /// Reports `ty` unless it is a bool (or untyped).
    fn expect_bool(&mut self, ty: &Type, span: Span, what: &str) {
        if !Type::Bool.accepts(ty) {
            self.error(span, format!("{what}, found {ty}"));
        }
    }

    /// The item type of a list, reporting anything else (`what` says who needs it).
    fn list_item(&mut self, ty: &Type, span: Span, what: &str) -> Type {
        match ty {
            Type::List(item) => (**item).clone(),
            Type::Any => Type::Any,
            other => {
                self.error(span, format!("{what}, found {other}"));
                Type::Any
            }
        }
    }
}
