//! The types of expressions: literals, names, fields, calls, operators, filters and
//! quantifiers, each checked against what it needs.

use super::Checker;
use super::scope::Lookup;
use super::suggest::did_you_mean;
use crate::lang::ast::{CompareOp, Expr, ExprKind, IsTest, Name, PrefixTest, Quantifier, Regex};
use crate::lang::schema::{Type, function, functions};
use crate::problem::Problem;
use crate::source::Span;

use super::RULE_CHECK;

impl Checker {
    /// The type of `expr`, reporting every mistake inside it; `any` after a mistake.
    pub(super) fn expr(&mut self, expr: &Expr) -> Type {
        match &expr.kind {
            ExprKind::String(_) | ExprKind::TextBlock(_) => Type::Text,
            ExprKind::Number(_) => Type::Number,
            ExprKind::Regex(regex) => {
                self.regex(regex, expr.span);
                Type::Regex
            }
            ExprKind::Bool(_) => Type::Bool,
            ExprKind::Null => Type::Null,
            ExprKind::Ident(name) => self.name(name, expr.span),
            ExprKind::This => match self.this.last() {
                Some(ty) => ty.clone(),
                None => {
                    self.error(
                        expr.span,
                        "`this` is the item a filter tests: use it inside `list[...]`",
                    );
                    Type::Any
                }
            },
            ExprKind::Call { function, args } => self.call(function, args, expr.span),
            ExprKind::List(items) => self.list(items),
            ExprKind::Field { base, field } => {
                let ty = self.expr(base);
                self.field(&ty, field)
            }
            ExprKind::Every(base) => {
                let ty = self.expr(base);
                match self.list_item(&ty, base.span, "`[*]` needs a list") {
                    Type::List(inner) => Type::List(inner),
                    item => Type::list(item),
                }
            }
            ExprKind::Index { base, .. } => {
                let ty = self.expr(base);
                self.list_item(&ty, base.span, "an index `[n]` needs a list")
            }
            ExprKind::Filter { base, predicate } => {
                let ty = self.expr(base);
                let item = self.list_item(&ty, base.span, "a filter `[...]` needs a list");
                self.this.push(item.clone());
                let test = self.expr(predicate);
                self.this.pop();
                self.expect_bool(&test, predicate.span, "a filter needs a bool predicate");
                Type::list(item)
            }
            ExprKind::Not(operand) => {
                let ty = self.expr(operand);
                self.expect_bool(&ty, operand.span, "`not` needs a bool");
                Type::Bool
            }
            ExprKind::Logical { op, left, right } => {
                let word = match op {
                    crate::lang::ast::LogicalOp::And => "`and`",
                    crate::lang::ast::LogicalOp::Or => "`or`",
                };
                for operand in [left, right] {
                    let ty = self.expr(operand);
                    self.expect_bool(&ty, operand.span, &format!("{word} needs bools"));
                }
                Type::Bool
            }
            ExprKind::Compare { op, left, right } => {
                self.compare(*op, left, right);
                Type::Bool
            }
            ExprKind::Prefix { test, operand } => {
                let ty = self.expr(operand);
                if *test == PrefixTest::Empty {
                    self.list_item(&ty, operand.span, "`empty` needs a list");
                }
                Type::Bool
            }
            ExprKind::Is { operand, test } => {
                let ty = self.expr(operand);
                if *test == IsTest::Empty {
                    self.list_item(&ty, operand.span, "`is empty` needs a list");
                }
                Type::Bool
            }
            ExprKind::Quantified {
                quantifier,
                name,
                list,
                predicate,
            } => {
                let word = match quantifier {
                    Quantifier::Some => "`some`",
                    Quantifier::All => "`all`",
                };
                let ty = self.expr(list);
                let item = self.list_item(&ty, list.span, &format!("{word} needs a list"));
                self.scopes.open(Vec::new());
                self.bind(name, item);
                let test = self.expr(predicate);
                self.scopes.close();
                self.expect_bool(
                    &test,
                    predicate.span,
                    &format!("{word} needs a bool predicate"),
                );
                Type::Bool
            }
        }
    }

    /// Compiles a regex literal as the evaluator will, reporting a bad pattern.
    fn regex(&mut self, regex: &Regex, span: Span) {
        if let Err(error) = regex.compile() {
            // The crate's message draws the pattern over several lines; its last line
            // says what is wrong, and the underline shows where.
            let text = error.to_string();
            let reason = text
                .lines()
                .rev()
                .find(|line| !line.trim().is_empty())
                .unwrap_or(&text)
                .trim()
                .trim_start_matches("error: ")
                .to_owned();
            self.error(span, format!("invalid regular expression: {reason}"));
        }
    }

    fn name(&mut self, name: &str, span: Span) -> Type {
        match self.scopes.lookup(name) {
            Lookup::Found(ty) => ty,
            Lookup::Later(defined) => {
                let problem = Problem::error(
                    RULE_CHECK,
                    self.file,
                    span,
                    format!("`{name}` is used before its `let`"),
                )
                .with_related(defined, "defined here");
                self.push(problem);
                Type::Any
            }
            Lookup::Unknown => {
                let hint = did_you_mean(name, self.scopes.visible());
                self.error(span, format!("unknown name `{name}`{hint}"));
                Type::Any
            }
        }
    }

    /// The type of `field` read from a value of type `base`; reading a field of a list
    /// reads it from every item (a field that is itself a list is flattened).
    fn field(&mut self, base: &Type, field: &Name) -> Type {
        match base {
            Type::Any => Type::Any,
            Type::Node(kind) => match kind.field(&field.text) {
                Some(found) => found.ty.clone(),
                None => {
                    let names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
                    let hint = did_you_mean(&field.text, names.iter().copied());
                    self.error(
                        field.span,
                        format!(
                            "{} has no field `{}`{hint} (its fields: {})",
                            kind.name(),
                            field.text,
                            names.join(", ")
                        ),
                    );
                    Type::Any
                }
            },
            Type::List(item) => match self.field(item, field) {
                Type::Any => Type::Any,
                Type::List(inner) => Type::List(inner),
                ty => Type::list(ty),
            },
            other => {
                self.error(
                    field.span,
                    format!("a {other} has no fields (reading `.{}`)", field.text),
                );
                Type::Any
            }
        }
    }

    fn call(&mut self, name: &Name, args: &[Expr], span: Span) -> Type {
        let types: Vec<Type> = args.iter().map(|arg| self.expr(arg)).collect();
        let Some(found) = function(&name.text) else {
            let names: Vec<&str> = functions().iter().map(|f| f.name).collect();
            let hint = did_you_mean(&name.text, names.iter().copied());
            self.error(
                name.span,
                format!(
                    "unknown function `{}`{hint} (the functions: {})",
                    name.text,
                    names.join(", ")
                ),
            );
            return Type::Any;
        };
        if args.len() != found.params.len() {
            let count = match found.params.len() {
                1 => "1 argument".to_owned(),
                n => format!("{n} arguments"),
            };
            self.error(
                span,
                format!(
                    "`{}` takes {count} (`{}`), found {}",
                    found.name,
                    found.signature(),
                    args.len()
                ),
            );
            return found.result.clone();
        }
        for (position, ((arg, ty), expected)) in
            args.iter().zip(&types).zip(&found.params).enumerate()
        {
            if !expected.accepts(ty) {
                self.error(
                    arg.span,
                    format!(
                        "argument {} of `{}` must be {expected}, found {ty} (`{}`)",
                        position + 1,
                        found.name,
                        found.signature()
                    ),
                );
            }
        }
        found.result.clone()
    }

    /// A list literal: its items must share one type.
    fn list(&mut self, items: &[Expr]) -> Type {
        let mut item_type = Type::Any;
        for item in items {
            let ty = self.expr(item);
            if item_type == Type::Any {
                item_type = ty;
            } else if !item_type.comparable(&ty) {
                self.error(
                    item.span,
                    format!(
                        "the items of a list must have one type: expected {item_type}, found {ty}"
                    ),
                );
            }
        }
        Type::list(item_type)
    }

    fn compare(&mut self, op: CompareOp, left: &Expr, right: &Expr) {
        let left_type = self.expr(left);
        let right_type = self.expr(right);
        let span = Span::new(left.span.start as usize, right.span.end as usize);
        match op {
            CompareOp::Eq | CompareOp::Ne => {
                if !left_type.comparable(&right_type) {
                    self.error(
                        span,
                        format!("cannot compare {left_type} with {right_type}"),
                    );
                }
            }
            CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => {
                for (operand, ty) in [(left, &left_type), (right, &right_type)] {
                    if !Type::Number.accepts(ty) {
                        self.error(
                            operand.span,
                            format!("ordering comparisons need numbers, found {ty}"),
                        );
                    }
                }
            }
            CompareOp::In | CompareOp::NotIn => {
                let item =
                    self.list_item(&right_type, right.span, "`in` needs a list on the right");
                if !left_type.comparable(&item) {
                    self.error(
                        left.span,
                        format!("cannot look for a {left_type} in a list<{item}>"),
                    );
                }
            }
            CompareOp::Matches => {
                if !Type::Text.accepts(&left_type) {
                    self.error(
                        left.span,
                        format!("`matches` needs a text on the left, found {left_type}"),
                    );
                }
                if !Type::Regex.accepts(&right_type) {
                    self.error(
                        right.span,
                        format!(
                            "`matches` needs a regular expression `/.../` on the right, found {right_type}"
                        ),
                    );
                }
            }
        }
    }
}
